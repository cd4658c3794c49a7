using System.Diagnostics;

namespace Host.Tests;

/// <summary>Tags each request's server span with its path (<c>url.path</c>), as OpenTelemetry's ASP.NET Core
/// instrumentation does, from the hosting diagnostics of every Host in this process.</summary>
internal sealed class RequestPaths
    : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly List<IDisposable> _subscriptions = [];

    public static RequestPaths Tag()
    {
        var paths = new RequestPaths();
        paths._subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(paths));
        return paths;
    }

    public void OnNext(DiagnosticListener value)
    {
        if (value.Name == "Microsoft.AspNetCore")
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(
                    value.Subscribe(this, (name, _, _) => name.EndsWith(".Start", StringComparison.Ordinal)));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == "Microsoft.AspNetCore.Hosting.HttpRequestIn.Start"
            && value.Value is Microsoft.AspNetCore.Http.HttpContext http)
        {
            Activity.Current?.SetTag("url.path", http.Request.Path.Value);
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        lock (_subscriptions)
        {
            _subscriptions.ForEach(s => s.Dispose());
        }
    }
}
