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

public sealed class RevisionDiffHunkTests
{
    [Fact]
    public void A_long_article_with_one_changed_line_is_diffed_line_by_line_beyond_the_table_limit()
    {
        var lines = Enumerable.Range(0, RevisionDiff.MaxLines * 2).Select(i => $"line {i}").ToList();
        var changed = lines.ToList();
        changed[5000] = "line 5000, corrected";

        var diff = RevisionDiff.Lines(string.Join('\n', lines), string.Join('\n', changed));

        Assert.Equal(2, diff.Count(l => l.Kind != DiffKind.Same));
        Assert.Equal([(DiffKind.Removed, "line 5000"), (DiffKind.Added, "line 5000, corrected")], diff.Where(l => l.Kind != DiffKind.Same).Select(l => (l.Kind, l.Text)));
    }

    [Fact]
    public void Hunks_keep_three_lines_of_context_and_join_when_their_contexts_touch()
    {
        var before = string.Join('\n', Enumerable.Range(1, 20).Select(i => $"l{i}"));
        var after = before.Replace("l5", "l5!", StringComparison.Ordinal).Replace("l9", "l9!", StringComparison.Ordinal).Replace("l18", "l18!", StringComparison.Ordinal);

        var hunks = RevisionDiff.Hunks(RevisionDiff.Lines(before, after));

        Assert.Equal(2, hunks.Count);
        Assert.Equal((2, 11, 2, 11), (hunks[0].BeforeStart, hunks[0].BeforeCount, hunks[0].AfterStart, hunks[0].AfterCount));
        Assert.Equal((15, 6, 15, 6), (hunks[1].BeforeStart, hunks[1].BeforeCount, hunks[1].AfterStart, hunks[1].AfterCount));
    }

    [Fact]
    public void The_unified_text_reads_like_diff_u()
    {
        Assert.Equal("@@ -1,2 +1,3 @@\n a\n-b\n+B\n+c\n", RevisionDiff.Unified("a\nb\n", "a\nB\nc\n"));
        Assert.Equal("", RevisionDiff.Unified("same\n", "same"));
    }
}
