using System.IO.Compression;

namespace KnowledgeBase.Data.Import;

/// <summary>
/// How much a ZIP read for an import may hold (docs/import-export.md): defaults sized for a knowledge base of thousands
/// of articles with 10 MB files, far below what would exhaust a node.
/// </summary>
public sealed record ZipLimits(int MaxEntries = 50_000, long MaxTotalBytes = 4L * 1024 * 1024 * 1024, long MaxEntryBytes = 256L * 1024 * 1024, int MaxRatio = 200)
{
    public static readonly ZipLimits Default = new();

    /// <summary>Entries smaller than this are not held to <see cref="MaxRatio"/>: a small file of repeated text compresses very well and harms nothing.</summary>
    public const long RatioFloorBytes = 1024 * 1024;
}

/// <summary>A ZIP an import refused to read, and why (<see cref="Exception.Message"/> names the entry and the limit).</summary>
public sealed class ZipRefusedException(string message) : Exception(message);

/// <summary>
/// Unpacks a ZIP for an import without trusting it: the entry count, every entry's and the total uncompressed size and
/// each large entry's compression ratio are checked against <see cref="ZipLimits"/> before anything is written (as the
/// archive declares them) and again while writing (as the bytes come, so a lying header stops at the limit); names that
/// climb out (<c>../</c>), are absolute (<c>/etc</c>, <c>C:\</c>, <c>\\server</c>) or repeat are refused. Nothing is
/// written outside <c>destination</c>.
/// </summary>
public static class SafeZip
{
    public static async Task ExtractAsync(string zipPath, string destination, ZipLimits? limits = null, CancellationToken cancellationToken = default)
    {
        limits ??= ZipLimits.Default;
        var name = Path.GetFileName(zipPath);
        ZipArchive archive;
        FileStream file;
        try
        {
            file = File.OpenRead(zipPath);
        }
        catch (FileNotFoundException)
        {
            throw new ZipRefusedException($"{name}: the file does not exist.");
        }
        await using (file)
        {
            try
            {
                archive = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            }
            catch (InvalidDataException ex)
            {
                throw new ZipRefusedException($"{name} is not a ZIP file ({ex.Message.TrimEnd('.')}).");
            }
            using (archive)
            {
                var entries = Check(name, archive, limits);
                var root = Path.GetFullPath(destination).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
                long total = 0;
                var buffer = new byte[81920];
                foreach (var (entry, relative) in entries)
                {
                    var target = Path.GetFullPath(Path.Combine(root, relative));
                    if (!target.StartsWith(root, StringComparison.Ordinal))
                        throw new ZipRefusedException($"{name}: entry '{entry.FullName}' points outside the folder it unpacks into; nothing was imported.");
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    long written = 0;
                    try
                    {
                        await using var input = entry.Open();
                        await using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
                        int read;
                        while ((read = await input.ReadAsync(buffer, cancellationToken)) > 0)
                        {
                            written += read;
                            total += read;
                            // The header may lie about the size: count what actually comes out.
                            if (written > entry.Length || written > limits.MaxEntryBytes || total > limits.MaxTotalBytes)
                                throw new ZipRefusedException($"{name}: entry '{entry.FullName}' unpacks to more than it declares or than the limits allow "
                                    + $"({Describe(limits.MaxEntryBytes)} per file, {Describe(limits.MaxTotalBytes)} in all); nothing was imported.");
                            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                        }
                    }
                    catch (InvalidDataException ex)
                    {
                        throw new ZipRefusedException($"{name}: entry '{entry.FullName}' is damaged ({ex.Message.TrimEnd('.')}); nothing was imported.");
                    }
                }
            }
        }
    }

    /// <summary>Checks every entry's name and declared sizes before anything is unpacked; returns the files with their relative paths.</summary>
    private static List<(ZipArchiveEntry Entry, string Relative)> Check(string name, ZipArchive archive, ZipLimits limits)
    {
        var entries = archive.Entries;
        if (entries.Count > limits.MaxEntries)
            throw new ZipRefusedException($"{name} has {entries.Count:N0} entries; an import reads at most {limits.MaxEntries:N0}. Nothing was imported.");
        var files = new List<(ZipArchiveEntry, string)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long declared = 0;
        foreach (var entry in entries)
        {
            var full = entry.FullName.Replace('\\', '/');
            if (full.Length == 0 || full.Contains('\0') || full.StartsWith('/') || (full.Length > 1 && full[1] == ':'))
                throw new ZipRefusedException($"{name}: entry '{entry.FullName}' has an absolute path; an import only unpacks relative names. Nothing was imported.");
            var parts = full.Split('/');
            if (parts.Any(p => p == ".."))
                throw new ZipRefusedException($"{name}: entry '{entry.FullName}' climbs out of the archive ('..'); nothing was imported.");
            if (full.EndsWith('/')) continue; // a folder
            if (parts.Any(p => p.Length == 0 || p == "."))
                throw new ZipRefusedException($"{name}: entry '{entry.FullName}' has an empty or '.' folder name; nothing was imported.");
            if (!seen.Add(full))
                throw new ZipRefusedException($"{name}: entry '{entry.FullName}' appears twice; nothing was imported.");
            if (entry.Length > limits.MaxEntryBytes)
                throw new ZipRefusedException($"{name}: entry '{entry.FullName}' unpacks to {Describe(entry.Length)}; one file may be at most {Describe(limits.MaxEntryBytes)}. Nothing was imported.");
            if (entry.Length >= ZipLimits.RatioFloorBytes && entry.Length > (long)limits.MaxRatio * Math.Max(1, entry.CompressedLength))
                throw new ZipRefusedException($"{name}: entry '{entry.FullName}' is compressed {entry.Length / Math.Max(1, entry.CompressedLength):N0} to 1 "
                    + $"({Describe(entry.CompressedLength)} unpacking to {Describe(entry.Length)}); more than {limits.MaxRatio} to 1 is taken for a zip bomb. Nothing was imported.");
            declared += entry.Length;
            if (declared > limits.MaxTotalBytes)
                throw new ZipRefusedException($"{name} unpacks to more than {Describe(limits.MaxTotalBytes)}, the most an import reads. Nothing was imported.");
            files.Add((entry, string.Join(Path.DirectorySeparatorChar, parts)));
        }
        return files;
    }

    private static string Describe(long bytes) => bytes >= 1024L * 1024 * 1024
        ? $"{bytes / (1024.0 * 1024 * 1024):0.#} GB"
        : Core.Attachments.AttachmentLimits.Describe(bytes);
}
