using KnowledgeBase.Search;

namespace KnowledgeBase.Web.Hosting;

/// <summary>The synonyms file, re-read when it changes so an edit applies to the next queries without a reindex.</summary>
public sealed partial class SynonymsFile(string? path, ILogger<SynonymsFile> logger)
{
    private readonly Lock _lock = new();
    private DateTime _loadedStamp = DateTime.MinValue;
    private SynonymSet _current = SynonymSet.Empty;

    public string? Path { get; } = path;

    public SynonymSet Current
    {
        get
        {
            Refresh();
            return _current;
        }
    }

    /// <summary>Reloads when the file's modification time moved; returns true when it did.</summary>
    public bool Refresh()
    {
        if (Path is null || !File.Exists(Path)) return false;
        var stamp = File.GetLastWriteTimeUtc(Path);
        lock (_lock)
        {
            if (stamp == _loadedStamp) return false;
            try
            {
                _current = SynonymSet.Load(Path);
                _loadedStamp = stamp;
                LogLoaded(Path);
                return true;
            }
            catch (Exception ex) when (ex is IOException or FormatException or ArgumentException)
            {
                LogLoadFailed(ex, Path);
                _loadedStamp = stamp;
                return false;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded search synonyms from {Path}")]
    private partial void LogLoaded(string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not read the synonyms file {Path}; keeping the previous synonyms")]
    private partial void LogLoadFailed(Exception exception, string path);
}
