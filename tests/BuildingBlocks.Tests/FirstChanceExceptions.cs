using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace BuildingBlocks.Tests;

/// <summary>
/// The exceptions thrown (caught or not) in the execution flow that created this recorder, and in the tasks it
/// starts (they carry its execution context), until it is disposed: other tests running meanwhile are not seen.
/// </summary>
internal sealed class FirstChanceExceptions : IDisposable
{
    private readonly AsyncLocal<bool> _ours = new() { Value = true };
    private readonly ConcurrentQueue<Exception> _thrown = new();

    public FirstChanceExceptions() => AppDomain.CurrentDomain.FirstChanceException += Record;

    /// <summary>Type and message of each, for an assertion's message.</summary>
    public IEnumerable<string> Seen => _thrown.Select(e => $"{e.GetType().Name}: {e.Message}");

    public void Dispose() => AppDomain.CurrentDomain.FirstChanceException -= Record;

    private void Record(object? sender, FirstChanceExceptionEventArgs e)
    {
        if (_ours.Value)
        {
            _thrown.Enqueue(e.Exception);
        }
    }
}
