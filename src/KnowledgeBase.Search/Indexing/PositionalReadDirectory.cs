using System.Buffers.Binary;
using Lucene.Net.Store;
using Microsoft.Win32.SafeHandles;

namespace KnowledgeBase.Search.Indexing;

/// <summary>
/// <see cref="NIOFSDirectory"/> with inputs that read by <see cref="RandomAccess.Read(SafeFileHandle, Span{byte}, long)"/>
/// (one positional read, no lock, shared by every clone). Lucene.Net's own NIOFS input goes through a buffered
/// FileStream that re-checks the file length (an fstat) on every refill; on short queries that overhead was a fifth
/// of the search time. Still positional reads, not memory maps, for the concurrency reason in performance.md.
/// </summary>
internal sealed class PositionalReadDirectory(DirectoryInfo path) : NIOFSDirectory(path)
{
    // Larger than Lucene's 1 KB default: a term-dictionary block or a postings block then costs one system call.
    private const int BufferSize = 4096;

    public override IndexInput OpenInput(string name, IOContext context)
    {
        EnsureOpen();
        var file = Path.Combine(Directory.FullName, name);
        var handle = File.OpenHandle(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.RandomAccess);
        try
        {
            var length = RandomAccess.GetLength(handle);
            if (context.Context == IOContext.UsageContext.MERGE || name.EndsWith(".fdt", StringComparison.Ordinal))
                return new Input($"PositionalReadIndexInput(path=\"{file}\")", handle, length, Math.Max(BufferSize, BufferedIndexInput.GetBufferSize(context)));
            return new PagedInput($"PagedIndexInput(path=\"{file}\")", new PagedFile(handle, length));
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Fills <paramref name="destination"/> from <paramref name="position"/> (a positional read may return less).</summary>
    private static void ReadFully(SafeFileHandle handle, Span<byte> destination, long position, object what)
    {
        while (destination.Length > 0)
        {
            var read = RandomAccess.Read(handle, destination, position);
            if (read <= 0) throw new EndOfStreamException($"read past EOF at {position}: {what}");
            position += read;
            destination = destination[read..];
        }
    }

    private sealed class Input(string description, SafeFileHandle handle, long length, int bufferSize) : BufferedIndexInput(description, bufferSize)
    {
        private bool _isClone;

        public override long Length => length;

        protected override void ReadInternal(byte[] b, int offset, int count)
        {
            if (Position + count > length) throw new EndOfStreamException($"read past EOF: {this}");
            ReadFully(handle, b.AsSpan(offset, count), Position, this);
        }

        protected override void SeekInternal(long pos)
        {
            if (pos > length) throw new EndOfStreamException($"seek past EOF: {this}");
        }

        public override object Clone()
        {
            var clone = (Input)base.Clone();
            clone._isClone = true;
            return clone;
        }

        protected override void Dispose(bool disposing)
        {
            // Clones share the handle; only the original owns it.
            if (disposing && !_isClone) handle.Dispose();
        }
    }

    /// <summary>One immutable index file's pages, each read on first use and then shared by every reader of the file.</summary>
    internal sealed class PagedFile(SafeFileHandle handle, long length) : IDisposable
    {
        public const int PageShift = 12;
        public const int PageSize = 1 << PageShift;

        private readonly byte[]?[] _pages = new byte[]?[(length + PageSize - 1) >> PageShift];

        public long Length => length;

        /// <summary>The page holding byte <paramref name="position"/> (the file's last page may be shorter).</summary>
        public byte[] PageAt(long position)
        {
            var index = position >> PageShift;
            return Volatile.Read(ref _pages[index]) ?? Load(index);
        }

        private byte[] Load(long index)
        {
            var start = index << PageShift;
            var page = GC.AllocateUninitializedArray<byte>((int)Math.Min(PageSize, length - start));
            ReadFully(handle, page, start, $"page {index} of {length} bytes");
            // Two readers may load the same page at once; both copies are equal and the first one published wins.
            return Interlocked.CompareExchange(ref _pages[index], page, null) ?? page;
        }

        public void Dispose() => handle.Dispose();
    }

    /// <summary>Reads a <see cref="PagedFile"/>: clones share its pages and only keep their own position.</summary>
    internal sealed class PagedInput(string description, PagedFile file) : IndexInput(description)
    {
        private bool _isClone;
        private byte[] _page = [];
        // File offset of _page[0]; the next byte is _page[_offset], valid bytes end at _limit (0: no page loaded).
        private long _pageStart;
        private int _offset;
        private int _limit;

        public override long Length => file.Length;

        public override long Position => _pageStart + _offset;

        public override void Seek(long pos)
        {
            if (pos < 0 || pos > file.Length) throw new EndOfStreamException($"seek to {pos} outside 0..{file.Length}: {this}");
            var within = pos - _pageStart;
            if (within >= 0 && within < _limit)
            {
                _offset = (int)within;
                return;
            }
            (_page, _pageStart, _offset, _limit) = ([], pos, 0, 0);
        }

        /// <summary>Moves to the page holding the current position (the previous one is used up or was never loaded).</summary>
        private void NextPage()
        {
            var position = _pageStart + _offset;
            if (position >= file.Length) throw new EndOfStreamException($"read past EOF: {this}");
            _page = file.PageAt(position);
            _pageStart = position & ~(long)(PagedFile.PageSize - 1);
            _offset = (int)(position - _pageStart);
            _limit = _page.Length;
        }

        public override byte ReadByte()
        {
            if (_offset >= _limit) NextPage();
            return _page[_offset++];
        }

        public override void ReadBytes(byte[] b, int offset, int len)
        {
            while (len > 0)
            {
                if (_offset >= _limit) NextPage();
                var count = Math.Min(len, _limit - _offset);
                Buffer.BlockCopy(_page, _offset, b, offset, count);
                _offset += count;
                offset += count;
                len -= count;
            }
        }

        public override void ReadBytes(byte[] b, int offset, int len, bool useBuffer) => ReadBytes(b, offset, len);

        public override void SkipBytes(long numBytes)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(numBytes);
            Seek(Position + numBytes);
        }

        // Fixed-width numbers are read straight from the page when they lie wholly in it, else byte by byte (base).
        public override short ReadInt16() => _limit - _offset >= 2 ? BinaryPrimitives.ReadInt16BigEndian(Take(2)) : base.ReadInt16();

        public override int ReadInt32() => _limit - _offset >= 4 ? BinaryPrimitives.ReadInt32BigEndian(Take(4)) : base.ReadInt32();

        public override long ReadInt64() => _limit - _offset >= 8 ? BinaryPrimitives.ReadInt64BigEndian(Take(8)) : base.ReadInt64();

        private ReadOnlySpan<byte> Take(int count)
        {
            var bytes = _page.AsSpan(_offset, count);
            _offset += count;
            return bytes;
        }

        public override int ReadVInt32()
        {
            if (_limit - _offset < 5) return base.ReadVInt32();
            var page = _page;
            var i = 0;
            for (var shift = 0; shift < 28; shift += 7)
            {
                var b = page[_offset++];
                i |= (b & 0x7F) << shift;
                if (b < 0x80) return i;
            }
            var last = page[_offset++];
            if ((last & 0xF0) != 0) throw new IOException($"Invalid VInt32 detected (too many bits): {this}");
            return i | (last << 28);
        }

        public override long ReadVInt64()
        {
            if (_limit - _offset < 9) return base.ReadVInt64();
            var page = _page;
            long i = 0;
            for (var shift = 0; shift <= 56; shift += 7)
            {
                var b = page[_offset++];
                i |= (long)(b & 0x7F) << shift;
                if (b < 0x80) return i;
            }
            throw new IOException($"Invalid VInt64 detected (negative values disallowed): {this}");
        }

        public override object Clone()
        {
            var clone = (PagedInput)base.Clone();
            clone._isClone = true;
            return clone;
        }

        protected override void Dispose(bool disposing)
        {
            // Clones share the file; only the original owns it.
            if (disposing && !_isClone) file.Dispose();
        }
    }
}
