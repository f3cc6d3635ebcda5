using System.Text.RegularExpressions;

namespace KnowledgeBase.Search.Semantic;

/// <summary>
/// What of a ticket says what is wrong. Tickets are e-mails: a greeting, the problem, a sign-off with a name and a
/// title, sometimes the quoted thread below. The model reads every word it is given with the same attention, so the
/// parts that say nothing about the problem are cut off before it reads the text — by their shape (where they stand
/// and how they start), never by a list of tickets' words. A greeting and a sign-off may cut at most half of what is left.
/// </summary>
public static partial class TicketText
{
    /// <summary>The ticket's description without a leading greeting, a trailing sign-off or signature, or a quoted thread.</summary>
    public static string Problem(string description)
    {
        var text = description ?? "";
        // A quoted thread: everything from the first quote header on is an earlier message.
        var quote = QuotedThread().Match(text);
        if (quote.Success && quote.Index > 0) text = text[..quote.Index];
        // A signature after the conventional "-- " line.
        var dashes = text.IndexOf("\n-- ", StringComparison.Ordinal);
        if (dashes > 0) text = text[..dashes];

        // Those two are marked unmistakably; greetings and sign-offs are recognised by shape, so they may cut at most half.
        text = text.Trim();
        var original = text;
        var greeting = Greeting().Match(text);
        if (greeting.Success) text = text[greeting.Length..].TrimStart();

        // The last sign-off word that opens a sentence near the end, and everything after it (name, title, company).
        var signOff = SignOff().Matches(text).LastOrDefault();
        if (signOff is not null && signOff.Index > 0 && text.Length - signOff.Index <= MaxSignOffChars) text = text[..signOff.Index].TrimEnd();

        return text.Length * 2 >= original.Length || text.Length >= 200 ? text : original;
    }

    /// <summary>A sign-off is cut only this close to the end: further up, "thanks" is part of the story.</summary>
    private const int MaxSignOffChars = 160;

    [GeneratedRegex(@"^(?:hi|hello|hey|dear|hiya|good\s+(?:morning|afternoon|evening)|greetings)\b[^.,!?:;\n]{0,40}?(?:[.,!:;\n]+|\s[-–]\s)\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Greeting();

    [GeneratedRegex(@"(?<=^|[.!?\n]\s*)(?:many\s+thanks|thanks(?:\s+(?:a\s+lot|again|in\s+advance|so\s+much))?|thank\s+you(?:\s+(?:so\s+much|in\s+advance))?|thx|cheers|regards|kind\s+regards|best\s+regards|best\s+wishes|all\s+the\s+best|sent\s+from\s+my)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SignOff();

    [GeneratedRegex(@"(?:^|\n)\s*(?:>|-{2,}\s*original message\s*-{2,}|from:\s.+\n\s*sent:|on\s.{5,80}\swrote:)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QuotedThread();
}
