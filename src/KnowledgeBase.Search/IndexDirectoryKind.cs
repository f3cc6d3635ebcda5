namespace KnowledgeBase.Search;

/// <summary>How the index's files are read (<see cref="SearchIndexOptions.Directory"/>, setting <c>Search:Directory</c>).</summary>
public enum IndexDirectoryKind
{
    /// <summary>
    /// <see cref="Indexing.PositionalReadDirectory"/>: each 4 KiB page of an index file is read once and kept on the
    /// managed heap for as long as the file is open (about the index's size; stored fields and merges excepted), shared
    /// by every search. The fastest, and the default.
    /// </summary>
    Paged,

    /// <summary>
    /// Lucene.Net's own <see cref="Lucene.Net.Store.NIOFSDirectory"/>: every read goes to the file system cache through a
    /// buffered stream. Slower per search, but the process holds no copy of the index: for a node short of memory.
    /// </summary>
    NioFs,
}
