package okr_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestReadmeShowsTheExample keeps the program in README.md identical to
// ExampleService_Board, so the README shows code that compiles and runs.
func TestReadmeShowsTheExample(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	src, err := os.ReadFile("example_test.go")
	require.NoError(t, err)
	m := regexp.MustCompile(`(?s)func ExampleService_Board\(\) \{\n(.*?)\n\t// Output:\n(.*?)\n\}\n`).FindSubmatch(src)
	require.NotNil(t, m, "ExampleService_Board not found")
	body, output := string(m[1]), string(m[2])
	require.Contains(t, string(readme), "func main() {\n"+body+"\n}\n", "README's program must be the example's body")
	var want []string
	for _, line := range strings.Split(output, "\n") {
		want = append(want, strings.TrimPrefix(strings.TrimPrefix(line, "\t//"), " "))
	}
	require.Contains(t, string(readme), "```\n"+strings.Join(want, "\n")+"\n```", "README must show the example's output")
}
