using static KnowledgeBase.Search.Tests.TestIndex;

namespace KnowledgeBase.Search.Tests;

/// <summary>What a query finds: codes, identifiers, stems and synonyms.</summary>
public sealed class SearchMatchingTests : IDisposable
{
    private readonly TestIndex _index = new(SynonymSet.Parse("""
        ad, active directory
        mfa, multi-factor authentication, 2fa
        """),
        [
            .. Filler(30),
            Doc("access-denied", "Windows Update fails", "Installation fails with error 0x80070005 access denied."),
            Doc("hex-bare", "Setup wizard error", "The wizard stops with error 8007000D."),
            Doc("kb-article", "Update KB5034441 fails to install", "The recovery partition is too small."),
            Doc("kb-spaced", "Known issue list", "After installing KB 5012170 the Secure Boot check fails."),
            Doc("logon-failure", "Account lockouts", "Security log shows Event ID 4625 for the service account."),
            Doc("outlook-crash", "Mail client crashes", "OUTLOOK.EXE stops responding when opening attachments."),
            Doc("edge-ssl", "Browser cannot open intranet site", "Edge shows ERR_SSL_PROTOCOL_ERROR for the portal."),
            Doc("win-build", "Feature update stuck", "Devices on build 10.0.19045 stay at 99 percent."),
            Doc("ad-replication", "Active Directory replication fails", "Domain controllers stop replicating after a restore."),
            Doc("mfa-prompt", "Users prompted repeatedly", "Multi-factor authentication prompts appear on every sign-in."),
            Doc("gpo-config", "Group policy not applying", "Settings configured in the policy are not applied to clients."),
            Doc("active-window", "Active window loses focus", "The window that was active moves behind the taskbar."),
        ]);

    public void Dispose() => _index.Dispose();

    [Fact]
    public void Hex_code_with_0x_matches_article_without_0x() =>
        Assert.Equal("hex-bare", _index.Ids("0x8007000d").First());

    [Fact]
    public void Hex_code_without_0x_matches_article_with_0x() =>
        Assert.Equal("access-denied", _index.Ids("80070005").First());

    [Fact]
    public void Kb_number_matches_written_together_or_apart()
    {
        Assert.Equal("kb-article", _index.Ids("KB 5034441").First());
        Assert.Equal("kb-spaced", _index.Ids("KB5012170").First());
    }

    [Fact]
    public void Event_id_matches_by_number() =>
        Assert.Equal("logon-failure", _index.Ids("event 4625").First());

    [Fact]
    public void File_name_matches_whole_and_by_its_parts()
    {
        Assert.Equal("outlook-crash", _index.Ids("outlook.exe").First());
        Assert.Equal("outlook-crash", _index.Ids("outlook").First());
    }

    [Fact]
    public void Underscored_error_matches_whole_and_by_its_parts()
    {
        Assert.Equal("edge-ssl", _index.Ids("ERR_SSL_PROTOCOL_ERROR").First());
        Assert.Equal("edge-ssl", _index.Ids("ssl protocol").First());
    }

    [Fact]
    public void Version_matches_whole_and_by_build_number()
    {
        Assert.Equal("win-build", _index.Ids("10.0.19045").First());
        Assert.Equal("win-build", _index.Ids("19045").First());
    }

    [Fact]
    public void Stemming_matches_other_forms_of_a_word() =>
        Assert.Equal("gpo-config", _index.Ids("configuring policies").First());

    [Fact]
    public void Abbreviation_finds_the_spelled_out_synonym() =>
        Assert.Equal("ad-replication", _index.Ids("ad replication").First());

    [Fact]
    public void Multi_word_synonym_finds_the_abbreviation_and_back()
    {
        Assert.Equal("mfa-prompt", _index.Ids("mfa prompts").First());
        Assert.Equal("mfa-prompt", _index.Ids("2fa prompts").First());
    }

    [Fact]
    public void A_multi_word_synonym_is_matched_whole_not_by_one_of_its_words()
    {
        // "active directory" is one thing: an article that is only "active" is not about it.
        Assert.Equal("ad-replication", _index.Ids("active directory").First());
        Assert.DoesNotContain("active-window", _index.Ids("active directory"));
        Assert.Contains("active-window", _index.Ids("active window"));
    }

    [Fact]
    public void Reloaded_synonyms_apply_without_reindexing()
    {
        Assert.DoesNotContain("outlook-crash", _index.Ids("mailer"));
        _index.Index.ReloadSynonyms(SynonymSet.Parse("mailer, mail client"));
        Assert.Equal("outlook-crash", _index.Ids("mailer").First());
    }

    [Fact]
    public void Quoted_phrase_must_match_in_order()
    {
        Assert.Equal(["mfa-prompt"], _index.Ids("\"prompts appear\""));
        Assert.Empty(_index.Ids("\"appear prompts\""));
    }

    [Fact]
    public void Leading_minus_excludes_a_word()
    {
        Assert.Contains("access-denied", _index.Ids("fails"));
        Assert.DoesNotContain("access-denied", _index.Ids("fails -denied"));
    }
}
