using System.Collections.Concurrent;
using System.Diagnostics;

namespace EndToEnd.Tests.Infrastructure;

/// <summary>A process the fixture started: its output goes to a log file and the last lines are kept for failure
/// messages.</summary>
internal sealed class ChildProcess : IDisposable
{
    private const int KeptLines = 60;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lastLines = new();
    private readonly StreamWriter _log;

    private ChildProcess(Process process, string logPath)
    {
        _process = process;
        _log = new StreamWriter(logPath) { AutoFlush = true };
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The end of what the process wrote (stdout and stderr), for failure messages.</summary>
    public string Tail => string.Join('\n', _lastLines);

    /// <summary>
    /// Once the process has exited: its <see cref="Tail"/> after the last line was read (its output is read on other
    /// threads and may lag behind the exit on a loaded machine); else null.
    /// </summary>
    public string? TailIfExited()
    {
        if (!_process.HasExited)
        {
            return null;
        }

        // Waits (within a limit) for both redirected streams to reach their end. WaitForExit with a timeout does not:
        // it returns at the exit, with lines still on their way to Keep. A grandchild that kept a pipe open must not
        // hang a failure report, hence the limit.
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            _process.WaitForExitAsync(limit.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
        }

        return Tail;
    }

    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string> environment, string logPath)
    {
        var info = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        var child = new ChildProcess(process, logPath);
        process.OutputDataReceived += (_, e) => child.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => child.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>SIGTERM (a clean shutdown: the topology script stops what it started), then SIGKILL after the grace
    /// period.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        Signal(_process.Id, "TERM");
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>SIGKILL: the process gets no chance to finish anything.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    /// <summary>Waits for the process to end on its own; kills it when it takes longer than
    /// <paramref name="timeout"/>.</summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException(
                $"{_process.StartInfo.FileName} {string.Join(' ', _process.StartInfo.ArgumentList)} "
                + $"did not finish within {timeout}:\n{Tail}");
        }
    }

    public void EnsureSucceeded(string what)
    {
        if (_process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{what} exited with {_process.ExitCode}:\n{Tail}");
        }
    }

    public static void Signal(int pid, string signal)
    {
        using var kill = Process.Start(
            "kill",
            [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        _log.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.WriteLine(line);
        }

        _lastLines.Enqueue(line);
        while (_lastLines.Count > KeptLines && _lastLines.TryDequeue(out _))
        {
        }
    }
}
