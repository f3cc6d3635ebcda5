using KnowledgeBase.Search.Indexing;
using Lucene.Net.Store;

namespace KnowledgeBase.Search.Tests;

/// <summary>Index files read through shared in-memory pages give back exactly the bytes on disk, across page edges.</summary>
public sealed class PagedInputTests : IDisposable
{
    private readonly DirectoryInfo _folder = System.IO.Directory.CreateTempSubdirectory("kb-paged-");

    [Fact]
    public void Random_reads_seeks_and_clones_return_the_files_bytes_and_numbers()
    {
        var random = new Random(20261123);
        // Three pages and a bit, so reads cross page edges and the last page is short.
        var bytes = new byte[PositionalReadDirectory.PagedFile.PageSize * 3 + 917];
        random.NextBytes(bytes);
        using var directory = new PositionalReadDirectory(_folder);
        using (var output = directory.CreateOutput("_0.tim", IOContext.DEFAULT)) output.WriteBytes(bytes, bytes.Length);
        using var input = directory.OpenInput("_0.tim", IOContext.READ);
        Assert.IsType<PositionalReadDirectory.PagedInput>(input);
        Assert.Equal(bytes.Length, input.Length);

        var inputs = new List<IndexInput> { input };
        for (var step = 0; step < 20_000; step++)
        {
            var reader = inputs[random.Next(inputs.Count)];
            var position = reader.Position;
            var left = bytes.Length - position;
            switch (random.Next(9))
            {
                case 0:
                    reader.Seek(random.NextInt64(bytes.Length + 1));
                    break;
                case 1 when left >= 1:
                    Assert.Equal(bytes[position], reader.ReadByte());
                    break;
                case 2 when left >= 1:
                {
                    var length = (int)Math.Min(left, random.Next(1, PositionalReadDirectory.PagedFile.PageSize * 2));
                    var read = new byte[length + 3];
                    reader.ReadBytes(read, 3, length);
                    Assert.True(bytes.AsSpan((int)position, length).SequenceEqual(read.AsSpan(3)));
                    break;
                }
                case 3 when left >= 2:
                    Assert.Equal((short)((bytes[position] << 8) | bytes[position + 1]), reader.ReadInt16());
                    break;
                case 4 when left >= 4:
                    Assert.Equal(new ByteArrayDataInput(bytes, (int)position, 4).ReadInt32(), reader.ReadInt32());
                    break;
                case 5 when left >= 8:
                    Assert.Equal(new ByteArrayDataInput(bytes, (int)position, 8).ReadInt64(), reader.ReadInt64());
                    break;
                case 6:
                    if (inputs.Count < 8) inputs.Add((IndexInput)reader.Clone());
                    break;
                case 7 when left >= 1:
                {
                    var skip = random.NextInt64(left + 1);
                    reader.SkipBytes(skip);
                    Assert.Equal(position + skip, reader.Position);
                    continue;
                }
                default:
                    continue;
            }
        }
        Assert.Throws<EndOfStreamException>(() =>
        {
            input.Seek(bytes.Length);
            input.ReadByte();
        });
    }

    [Fact]
    public void Variable_length_numbers_read_the_same_whether_or_not_they_straddle_a_page_edge()
    {
        var values = new long[] { 0, 1, 127, 128, 16_383, 16_384, int.MaxValue, (long)int.MaxValue + 1, long.MaxValue / 3, long.MaxValue };
        using var directory = new PositionalReadDirectory(_folder);
        using (var output = directory.CreateOutput("_1.doc", IOContext.DEFAULT))
        {
            // Pad so each value starts at every offset around the first page edge in turn.
            for (var pad = 0; pad < PositionalReadDirectory.PagedFile.PageSize - 12; pad++) output.WriteByte(0);
            foreach (var value in values)
            {
                output.WriteVInt64(value);
                if (value <= int.MaxValue) output.WriteVInt32((int)value);
                output.WriteVInt32(-1 - (int)(value & 0xFFFF));
            }
        }
        using var input = directory.OpenInput("_1.doc", IOContext.READ);
        input.Seek(PositionalReadDirectory.PagedFile.PageSize - 12);
        foreach (var value in values)
        {
            Assert.Equal(value, input.ReadVInt64());
            if (value <= int.MaxValue) Assert.Equal((int)value, input.ReadVInt32());
            Assert.Equal(-1 - (int)(value & 0xFFFF), input.ReadVInt32());
        }
        Assert.Equal(input.Length, input.Position);
    }

    [Fact]
    public void Stored_fields_and_merges_keep_plain_buffered_reads()
    {
        using var directory = new PositionalReadDirectory(_folder);
        foreach (var name in new[] { "_2.fdt", "_2.tim" })
            using (var output = directory.CreateOutput(name, IOContext.DEFAULT)) output.WriteInt32(42);

        using var stored = directory.OpenInput("_2.fdt", IOContext.READ);
        using var merging = directory.OpenInput("_2.tim", new IOContext(new MergeInfo(1, 4, false, 1)));

        Assert.IsNotType<PositionalReadDirectory.PagedInput>(stored);
        Assert.IsNotType<PositionalReadDirectory.PagedInput>(merging);
        Assert.Equal(42, stored.ReadInt32());
        Assert.Equal(42, merging.ReadInt32());
    }

    public void Dispose()
    {
        try
        {
            _folder.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
