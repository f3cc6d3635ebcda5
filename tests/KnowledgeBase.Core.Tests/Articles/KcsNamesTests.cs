using KnowledgeBase.Core.Articles;

namespace KnowledgeBase.Core.Tests.Articles;

/// <summary>
/// One home for the names of states and audiences: the API wrote "not-validated", the index "notvalidated", the site's
/// addresses and facets "NotValidated", export files "Not Validated". Each is now derived from <see cref="KcsNames"/>
/// and each reads back as the same state.
/// </summary>
public sealed class KcsNamesTests
{
    public static TheoryData<KcsState> States => new(Enum.GetValues<KcsState>());

    public static TheoryData<Audience> Audiences => new(Enum.GetValues<Audience>());

    [Theory]
    [MemberData(nameof(States))]
    public void A_state_reads_back_from_its_wire_display_index_and_enum_spellings(KcsState state)
    {
        foreach (var spelling in new[] { state.ToWire(), state.Display(), state.Key(), state.ToString(), state.ToWire().ToUpperInvariant() })
        {
            Assert.True(KcsNames.TryParseState(spelling, out var parsed), spelling);
            Assert.Equal(state, parsed);
        }
    }

    [Fact]
    public void The_wire_names_are_lower_case_with_dashes_and_the_index_key_is_the_wire_name_without_them()
    {
        Assert.Equal(["wip", "not-validated", "validated", "archived"], Enum.GetValues<KcsState>().Select(s => s.ToWire()));
        // The index has always stored "notvalidated": the key keeps that term, so no index rebuild is needed.
        Assert.Equal(["wip", "notvalidated", "validated", "archived"], Enum.GetValues<KcsState>().Select(s => s.Key()));
        Assert.Equal("wip, not-validated, validated or archived", KcsNames.StateWireList);
    }

    [Fact]
    public void The_display_names_are_the_kcs_words()
    {
        Assert.Equal(["WIP", "Not Validated", "Validated", "Archived"], Enum.GetValues<KcsState>().Select(s => s.Display()));
        Assert.Equal(["Internal", "Customer"], Enum.GetValues<Audience>().Select(a => a.Display()));
    }

    [Theory]
    [InlineData("Work In Progress", KcsState.Wip)]
    [InlineData("draft", KcsState.Wip)]
    [InlineData("not_validated", KcsState.NotValidated)]
    [InlineData(" Not  validated ", KcsState.NotValidated)]
    public void Common_other_spellings_of_a_state_are_understood(string text, KcsState expected)
    {
        Assert.True(KcsNames.TryParseState(text, out var parsed));
        Assert.Equal(expected, parsed);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("Shiny")]
    [InlineData("validatedd")]
    public void Numbers_and_unknown_words_are_not_states(string? text)
    {
        // The site's addresses were read with Enum.TryParse, which took "?state=1" for Not Validated.
        Assert.False(KcsNames.TryParseState(text, out _));
    }

    [Theory]
    [MemberData(nameof(Audiences))]
    public void An_audience_reads_back_from_each_of_its_spellings(Audience audience)
    {
        foreach (var spelling in new[] { audience.ToWire(), audience.Display(), audience.Key(), audience.ToString() })
        {
            Assert.True(KcsNames.TryParseAudience(spelling, out var parsed), spelling);
            Assert.Equal(audience, parsed);
        }
        Assert.True(KcsNames.TryParseAudience("external", out var external));
        Assert.Equal(Audience.Customer, external);
        Assert.False(KcsNames.TryParseAudience("0", out _));
    }
}
