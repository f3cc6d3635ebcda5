using System.IO.Compression;
using System.Text;
using KnowledgeBase.Data.Import;

namespace KnowledgeBase.Data.Tests;

/// <summary>The zip-bomb guard every ZIP an import reads goes through (issue #17.5): refused before anything is unpacked.</summary>
public sealed class SafeZipTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("kb-zip-").FullName;
    private string Target => Path.Combine(_folder, "out");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Zip(Action<ZipArchive> fill)
    {
        var path = Path.Combine(_folder, "test.zip");
        File.Delete(path);
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create)) fill(zip);
        return path;
    }

    private static void Add(ZipArchive zip, string name, string text)
    {
        using var stream = zip.CreateEntry(name).Open();
        stream.Write(Encoding.UTF8.GetBytes(text));
    }

    private static void AddZeros(ZipArchive zip, string name, long length)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
        var block = new byte[1024 * 1024];
        for (long written = 0; written < length; written += block.Length) stream.Write(block, 0, (int)Math.Min(block.Length, length - written));
    }

    private async Task<string> RefusedAsync(string zip, ZipLimits? limits = null)
    {
        var ex = await Assert.ThrowsAsync<ZipRefusedException>(() => SafeZip.ExtractAsync(zip, Target, limits));
        // Refused before anything was unpacked.
        Assert.False(Directory.Exists(Target) && Directory.EnumerateFileSystemEntries(Target).Any());
        return ex.Message;
    }

    [Fact]
    public async Task A_zip_bomb_compressed_more_than_two_hundred_to_one_is_refused_before_it_is_unpacked()
    {
        var zip = Zip(z => AddZeros(z, "articles/bomb.md", 50L * 1024 * 1024));

        var message = await RefusedAsync(zip);

        Assert.StartsWith("test.zip: entry 'articles/bomb.md' is compressed ", message);
        Assert.Contains("unpacking to 50 MB); more than 200 to 1 is taken for a zip bomb. Nothing was imported.", message);
    }

    [Fact]
    public async Task Too_many_entries_too_large_an_entry_or_too_much_in_all_is_refused_with_the_limit()
    {
        var many = Zip(z => { for (var i = 0; i < 11; i++) Add(z, $"a{i}.md", "# A"); });
        Assert.Equal("test.zip has 11 entries; an import reads at most 10. Nothing was imported.", await RefusedAsync(many, new ZipLimits(MaxEntries: 10)));

        var large = Zip(z => Add(z, "big.md", new string('x', 3000)));
        Assert.Equal("test.zip: entry 'big.md' unpacks to 2.9 KB; one file may be at most 2 KB. Nothing was imported.", await RefusedAsync(large, new ZipLimits(MaxEntryBytes: 2048)));

        var total = Zip(z => { for (var i = 0; i < 3; i++) Add(z, $"a{i}.md", new string('x', 1000)); });
        Assert.Equal("test.zip unpacks to more than 2.4 KB, the most an import reads. Nothing was imported.", await RefusedAsync(total, new ZipLimits(MaxTotalBytes: 2500)));
    }

    [Theory]
    [InlineData("../escape.md", "climbs out of the archive ('..')")]
    [InlineData("articles/../../escape.md", "climbs out of the archive ('..')")]
    [InlineData("..\\escape.md", "climbs out of the archive ('..')")]
    [InlineData("/etc/cron.d/x", "has an absolute path")]
    [InlineData("C:\\Windows\\x.md", "has an absolute path")]
    [InlineData("\\\\server\\share\\x.md", "has an absolute path")]
    public async Task An_entry_that_climbs_out_or_is_absolute_is_refused_and_nothing_is_written(string name, string reason)
    {
        var zip = Zip(z =>
        {
            Add(z, "articles/fine.md", "# Fine");
            Add(z, name, "# Evil");
        });

        var message = await RefusedAsync(zip);

        Assert.Contains($"entry '{name}' {reason}", message);
        Assert.False(File.Exists(Path.Combine(_folder, "escape.md")));
    }

    [Fact]
    public async Task A_file_that_is_not_a_zip_is_refused_with_a_clear_message()
    {
        var path = Path.Combine(_folder, "notes.zip");
        await File.WriteAllTextAsync(path, "just text");

        var ex = await Assert.ThrowsAsync<ZipRefusedException>(() => SafeZip.ExtractAsync(path, Target));

        Assert.StartsWith("notes.zip is not a ZIP file", ex.Message);
    }

    [Fact]
    public async Task An_ordinary_zip_unpacks_into_its_folder()
    {
        var zip = Zip(z =>
        {
            Add(z, "articles/a.md", "# A");
            z.CreateEntry("media/");
            Add(z, "media/x.txt", "x");
        });

        await SafeZip.ExtractAsync(zip, Target);

        Assert.Equal("# A", await File.ReadAllTextAsync(Path.Combine(Target, "articles", "a.md")));
        Assert.Equal("x", await File.ReadAllTextAsync(Path.Combine(Target, "media", "x.txt")));
    }
}
