using KnowledgeBase.Bench.Cli;

namespace KnowledgeBase.Bench.Corpus;

/// <summary>One hand-written intake ticket and the article that answers it.</summary>
public sealed record IntakeTicket(string Subject, string Description, string ExpectedId);

/// <summary>kb-eval's intake.tsv: a header row, then 'id, client, subject, description' separated by tabs.</summary>
public static class IntakeSet
{
    public const string Name = "intake";

    public static IReadOnlyList<IntakeTicket> Load(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read intake file {path}: {ex.Message}");
        }
        if (lines.Length == 0) throw new UsageException($"intake file {path} is empty");
        var header = lines[0].Split('\t');
        int Column(string name) => Array.FindIndex(header, h => string.Equals(h.Trim(), name, StringComparison.OrdinalIgnoreCase)) is var i and >= 0
            ? i : throw new UsageException($"{path}:1: the header has no '{name}' column (expected id, subject, description)");
        int id = Column("id"), subject = Column("subject"), description = Column("description");
        var tickets = new List<IntakeTicket>();
        for (var n = 1; n < lines.Length; n++)
        {
            if (string.IsNullOrWhiteSpace(lines[n])) continue;
            var fields = lines[n].Split('\t');
            if (fields.Length <= Math.Max(id, Math.Max(subject, description)) || fields[id].Trim().Length == 0)
                throw new UsageException($"{path}:{n + 1}: expected {header.Length} tab-separated fields");
            tickets.Add(new IntakeTicket(fields[subject].Trim(), fields[description].Trim(), fields[id].Trim()));
        }
        if (tickets.Count == 0) throw new UsageException($"intake file {path} holds no tickets");
        return tickets;
    }
}
