using KnowledgeBase.Core.Articles;

namespace KnowledgeBase.Core.Tests.Articles;

public sealed class RevisionDiffTests
{
    [Fact]
    public void Identical_texts_are_all_the_same()
    {
        var diff = RevisionDiff.Lines("a\nb\nc", "a\nb\nc");
        Assert.All(diff, l => Assert.Equal(DiffKind.Same, l.Kind));
        Assert.Equal(3, diff.Count);
    }

    [Fact]
    public void An_inserted_and_a_removed_line_are_found_in_place()
    {
        var diff = RevisionDiff.Lines("## Issue\nold symptom\n## Resolution\nstep 1", "## Issue\nnew symptom\n## Resolution\nstep 1\nstep 2");
        Assert.Equal(
            [(DiffKind.Same, "## Issue"), (DiffKind.Removed, "old symptom"), (DiffKind.Added, "new symptom"), (DiffKind.Same, "## Resolution"), (DiffKind.Same, "step 1"), (DiffKind.Added, "step 2")],
            diff.Select(l => (l.Kind, l.Text)));
    }

    [Fact]
    public void Empty_before_means_every_line_was_added()
    {
        Assert.All(RevisionDiff.Lines("", "x\ny"), l => Assert.Equal(DiffKind.Added, l.Kind));
        Assert.Empty(RevisionDiff.Lines("", ""));
    }

    [Fact]
    public void Windows_line_endings_do_not_count_as_changes()
    {
        Assert.All(RevisionDiff.Lines("a\r\nb\r\n", "a\nb\n"), l => Assert.Equal(DiffKind.Same, l.Kind));
    }
}
