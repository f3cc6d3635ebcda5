using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace KnowledgeBase.Web.Components.Search;

/// <summary>
/// The search page's address is its state (query, filters, page): Back, bookmarks and shared links restore it. This
/// writes that state into the address without letting the page's own updates come back as navigation: each address it
/// issued is recognised once when the router hands it back, or a late one would put an older query back under the user.
/// One per page instance.
/// </summary>
public sealed class SearchAddress(NavigationManager navigation, IJSRuntime js) : IAsyncDisposable
{
    private readonly HashSet<string> _issued = [];
    private string? _last;
    private IJSObjectReference? _keyboard;

    /// <summary>Whether the address the page is on now is news: false for one this page issued itself, or the one it already showed.</summary>
    public bool IsNew()
    {
        var url = navigation.Uri;
        if (_issued.Remove(url)) return false;
        if (url == _last) return false;
        _last = url;
        return true;
    }

    /// <summary>
    /// Puts the state into the address: typing replaces the history entry (<paramref name="replace"/>); filters and pages
    /// push one, so Back steps through them. Interactive only.
    /// </summary>
    public async Task UpdateAsync(string query, IReadOnlyCollection<string> categories, IReadOnlyCollection<string> states, IReadOnlyCollection<string> tags,
        IReadOnlyCollection<string> owners, int page, bool replace)
    {
        var parameters = new Dictionary<string, object?>
        {
            ["q"] = string.IsNullOrEmpty(query) ? null : query,
            ["category"] = categories.Count == 0 ? null : categories.ToArray(),
            ["state"] = states.Count == 0 ? null : states.ToArray(),
            ["tag"] = tags.Count == 0 ? null : tags.ToArray(),
            ["owner"] = owners.Count == 0 ? null : owners.ToArray(),
            ["page"] = page > 1 ? page : null,
        };
        var url = navigation.GetUriWithQueryParameters(parameters);
        if (url == navigation.Uri) return;
        _last = url;
        if (_issued.Count > 50) _issued.Clear();
        _issued.Add(url);
        try
        {
            _keyboard ??= await js.InvokeAsync<IJSObjectReference>("import", "./js/keyboard.js");
            // Guarded in the browser: a late update must not pull back a user who already opened a result.
            var path = new Uri(navigation.Uri).AbsolutePath;
            if (!await _keyboard.InvokeAsync<bool>("updateAddressIfStillOn", path, url, replace)) _issued.Remove(url);
        }
        catch (JSDisconnectedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_keyboard is null) return;
        try
        {
            await _keyboard.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
        }
    }
}
