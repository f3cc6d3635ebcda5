using KnowledgeBase.Core.Articles;

namespace KnowledgeBase.Core.Tests.Articles;

public sealed class ThreeWayMergeTests
{
    private const string Base = "## Issue\nOutlook prompts\n\n## Resolution\n1. Clear credentials\n2. Sign in\n\n## Cause\nStale token";

    [Fact]
    public void Changes_to_different_passages_are_both_kept()
    {
        var current = Base.Replace("Stale token", "A stale token after the MFA change", StringComparison.Ordinal);
        var proposed = Base.Replace("2. Sign in", "2. Sign in\n3. Restart Outlook", StringComparison.Ordinal);

        var merge = ThreeWayMerge.Lines(Base, current, proposed);

        Assert.False(merge.HasConflicts);
        Assert.Equal(Base.Replace("2. Sign in", "2. Sign in\n3. Restart Outlook", StringComparison.Ordinal)
            .Replace("Stale token", "A stale token after the MFA change", StringComparison.Ordinal), merge.Merged);
        Assert.Contains(merge.Chunks, c => c.Kind == MergeChunkKind.Current);
        Assert.Contains(merge.Chunks, c => c.Kind == MergeChunkKind.Proposed);
    }

    [Fact]
    public void Different_changes_to_the_same_line_conflict_and_keep_all_three_texts()
    {
        var current = Base.Replace("1. Clear credentials", "1. Clear the Windows credentials", StringComparison.Ordinal);
        var proposed = Base.Replace("1. Clear credentials", "1. Remove the cached password", StringComparison.Ordinal);

        var merge = ThreeWayMerge.Lines(Base, current, proposed);

        Assert.True(merge.HasConflicts);
        Assert.Null(merge.Merged);
        var conflict = Assert.Single(merge.Chunks, c => c.Kind == MergeChunkKind.Conflict);
        Assert.Equal(["1. Clear credentials"], conflict.Base);
        Assert.Equal(["1. Clear the Windows credentials"], conflict.Current);
        Assert.Equal(["1. Remove the cached password"], conflict.Proposed);
    }

    [Fact]
    public void Changes_on_neighbouring_lines_conflict_rather_than_interleave()
    {
        var current = Base.Replace("1. Clear credentials", "1. Clear credentials in Credential Manager", StringComparison.Ordinal);
        var proposed = Base.Replace("2. Sign in", "2. Sign in with the new app password", StringComparison.Ordinal);

        Assert.Equal(1, ThreeWayMerge.Lines(Base, current, proposed).ConflictCount);
    }

    [Fact]
    public void Two_insertions_at_the_same_place_conflict_unless_they_are_the_same()
    {
        var one = Base.Replace("2. Sign in", "2. Sign in\n3. Restart Outlook", StringComparison.Ordinal);
        var other = Base.Replace("2. Sign in", "2. Sign in\n3. Reboot the PC", StringComparison.Ordinal);

        Assert.True(ThreeWayMerge.Lines(Base, one, other).HasConflicts);
        var same = ThreeWayMerge.Lines(Base, one, one);
        Assert.False(same.HasConflicts);
        Assert.Equal(one, same.Merged);
        Assert.Contains(same.Chunks, c => c.Kind == MergeChunkKind.Both);
    }

    [Fact]
    public void A_proposal_on_an_unchanged_base_merges_to_itself()
    {
        var proposed = Base.Replace("## Cause\nStale token", "## Cause\nA stale token\nafter a password change", StringComparison.Ordinal);

        var merge = ThreeWayMerge.Lines(Base, Base, proposed);

        Assert.Equal(proposed, merge.Merged);
        Assert.DoesNotContain(merge.Chunks, c => c.Kind is MergeChunkKind.Current or MergeChunkKind.Conflict);
    }

    [Fact]
    public void Deleting_a_passage_the_other_side_left_alone_is_kept()
    {
        var current = Base.Replace("\n\n## Cause\nStale token", "", StringComparison.Ordinal);
        var proposed = Base.Replace("## Issue\nOutlook prompts", "## Issue\nOutlook prompts for the password again and again", StringComparison.Ordinal);

        var merge = ThreeWayMerge.Lines(Base, current, proposed);

        Assert.Equal(current.Replace("## Issue\nOutlook prompts", "## Issue\nOutlook prompts for the password again and again", StringComparison.Ordinal), merge.Merged);
    }
}
