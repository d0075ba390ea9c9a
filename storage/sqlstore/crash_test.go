package sqlstore_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/storage"
	"github.com/footprint-hq/footprint/storage/sqlstore/sqlite"
	"github.com/footprint-hq/footprint/storage/sqlstore/sqltest"
)

// crashChildEnv, when set to a database path, makes the test binary a
// child of TestCrashSafety instead of running tests.
const crashChildEnv = "FOOTPRINT_CRASH_CHILD"

// crashChild opens the SQLite database named by crashChildEnv with the
// default settings, creates an objective, and checks in on it from four
// goroutines until it is killed, printing "objective ID" first and then
// "ack ID" for each check-in once CheckIn has returned, that is once it
// is committed.
func crashChild() {
	ctx := context.Background()
	fail := func(err error) {
		fmt.Fprintln(os.Stderr, "crash child:", err)
		os.Exit(2)
	}
	s, err := sqlite.Open(ctx, os.Getenv(crashChildEnv))
	if err != nil {
		fail(err)
	}
	svc := okr.NewService(s)
	g, err := svc.CreateGoal(ctx, "ana", okr.GoalInput{Title: "Survive crashes"})
	if err != nil {
		fail(err)
	}
	start, target := 0.0, 1000.0
	krs := make([]okr.KeyResultInput, 4)
	for i := range krs {
		krs[i] = okr.KeyResultInput{Title: fmt.Sprintf("result %d", i), Kind: okr.Increase, Start: &start, Target: &target}
	}
	o, err := svc.CreateObjective(ctx, "ana", okr.ObjectiveInput{GoalID: g.ID,
		ObjectiveSpec: okr.ObjectiveSpec{Title: "Write through crashes", KeyResults: krs}})
	if err != nil {
		fail(err)
	}
	fmt.Fprintf(os.Stdout, "objective %s\n", o.ID)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := 0; ; i++ {
				v, conf := float64(i), i%11
				c, err := svc.CheckIn(ctx, "ana", o.ID, o.KeyResults[w].ID, okr.CheckInInput{Value: &v, Confidence: &conf})
				if err != nil {
					fail(err)
				}
				// One write per line: lines from several goroutines do
				// not interleave.
				fmt.Fprintf(os.Stdout, "ack %s\n", c.ID)
			}
		})
	}
	wg.Wait()
}

// TestCrashSafety kills a process writing check-ins to SQLite with
// SIGKILL at random moments, over many rounds on one database file, and
// checks after each that every check-in the process reported as written
// is there, that each check-in transaction is whole (the objective's
// counts agree with the stored history), and that SQLite finds the file
// intact. SIGKILL stands for a crash of the process; a power loss, which
// synchronous=NORMAL does not cover, cannot be simulated here.
func TestCrashSafety(t *testing.T) {
	const rounds = 12
	path := sqltest.SQLite(t)
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, seed))

	acked := map[string]bool{}
	var objectives []string
	for round := range rounds {
		objective, ids := crashRound(t, path, time.Duration(rng.IntN(150))*time.Millisecond)
		objectives = append(objectives, objective)
		for _, id := range ids {
			acked[id] = true
		}
		verifyAfterCrash(t, path, objectives, acked)
		if t.Failed() {
			t.Fatalf("round %d failed", round)
		}
	}
	t.Logf("%d rounds, %d acknowledged check-ins", rounds, len(acked))
}

// crashRound runs the child, kills it delay after its first acknowledged
// check-in, and returns its objective and every check-in it acknowledged.
func crashRound(t *testing.T, path string, delay time.Duration) (objective string, acked []string) {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), crashChildEnv+"="+path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	r := bufio.NewReader(stdout)
	killed := false
	for {
		line, err := r.ReadString('\n')
		if errors.Is(err, io.EOF) {
			break // a line cut short by the kill is no acknowledgement
		}
		require.NoError(t, err)
		kind, id, _ := strings.Cut(strings.TrimSpace(line), " ")
		switch kind {
		case "objective":
			objective = id
		case "ack":
			acked = append(acked, id)
			if !killed {
				killed = true
				time.AfterFunc(delay, func() { _ = cmd.Process.Kill() })
			}
		}
	}
	err = cmd.Wait()
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit, "child output: %s", stderr.String())
	status, ok := exit.Sys().(syscall.WaitStatus)
	require.True(t, ok && status.Signaled() && status.Signal() == syscall.SIGKILL,
		"child must die by SIGKILL, not %v: %s", err, stderr.String())
	require.NotEmpty(t, objective)
	return objective, acked
}

func verifyAfterCrash(t *testing.T, path string, objectives []string, acked map[string]bool) {
	t.Helper()
	ctx := context.Background()
	s, err := sqlite.Open(ctx, path)
	require.NoError(t, err)
	defer s.Close()
	var check string
	require.NoError(t, s.DB().QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&check))
	assert.Equal(t, "ok", check)

	stored := map[string]bool{}
	for _, id := range objectives {
		o, err := s.Objective(ctx, id)
		require.NoError(t, err)
		page, err := s.CheckIns(ctx, okr.CheckInFilter{ObjectiveID: id}, storage.PageRequest{Limit: storage.NoLimit})
		require.NoError(t, err)
		seqs := map[string][]int{}
		for _, c := range page.Items {
			stored[c.ID] = true
			seqs[c.KeyResultID] = append(seqs[c.KeyResultID], c.Seq)
		}
		total := 0
		for _, kr := range o.KeyResults {
			got := seqs[kr.ID]
			slices.Sort(got)
			assert.Len(t, got, kr.CheckIns, "objective and history agree")
			for i, seq := range got {
				assert.Equal(t, i+1, seq)
			}
			total += kr.CheckIns
		}
		assert.Equal(t, int64(1+total), o.Version, "every check-in updated the objective once")
	}
	missing := 0
	for id := range acked {
		if !stored[id] {
			missing++
		}
	}
	assert.Zero(t, missing, "acknowledged check-ins lost")
}
