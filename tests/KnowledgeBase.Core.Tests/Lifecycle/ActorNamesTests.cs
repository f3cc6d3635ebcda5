using KnowledgeBase.Core.Lifecycle;

namespace KnowledgeBase.Core.Tests.Lifecycle;

public sealed class ActorNamesTests
{
    [Theory]
    [InlineData("psa:halo-main:jdoe", "jdoe (PSA panel, halo-main)")]
    [InlineData("psa:cw:j.doe@msp.example", "j.doe@msp.example (PSA panel, cw)")]
    [InlineData("key:PSA bridge", "API key “PSA bridge”")]
    [InlineData("ana.lima@msp.example", "ana.lima@msp.example")]
    [InlineData("system", "system")]
    [InlineData("psa:", "psa:")]
    [InlineData("psa:no-member:", "psa:no-member:")]
    [InlineData("key:", "key:")]
    [InlineData("", "")]
    public void A_stored_acting_name_reads_as_a_person_would_say_it(string stored, string shown) =>
        Assert.Equal(shown, ActorNames.Display(stored));

    [Fact]
    public void A_psa_members_stored_name_is_read_back_as_that_member()
    {
        var stored = ActorNames.PsaMember("halo-main", "jdoe");
        Assert.Equal("psa:halo-main:jdoe", stored);
        Assert.Equal("jdoe (PSA panel, halo-main)", ActorNames.Display(stored));
    }
}
