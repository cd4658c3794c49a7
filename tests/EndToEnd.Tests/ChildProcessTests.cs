using EndToEnd.Tests.Infrastructure;

namespace EndToEnd.Tests;

/// <summary>The failure messages of every fixture come from <see cref="ChildProcess.TailIfExited"/>: they must hold
/// what the process printed last, even when its output is still being read after it exited.</summary>
public sealed class ChildProcessTests
{
    [Fact]
    public async Task The_tail_of_an_exited_process_ends_with_its_last_line()
    {
        var log = Path.Combine(Path.GetTempPath(), $"child-{Guid.NewGuid():N}.log");
        for (var attempt = 0; attempt < 20; attempt++)
        {
            // Far more than a pipe holds: the readers are still busy when the process has already exited.
            using var child = ChildProcess.Start(
                "sh",
                ["-c", "i=0; while [ $i -lt 20000 ]; do echo \"line $i\"; i=$((i+1)); done; echo 'the last line'"],
                Path.GetTempPath(),
                new Dictionary<string, string>(),
                log);
            string? tail = null;
            await Eventually.Until(
                () => Task.FromResult(tail = child.TailIfExited()),
                t => t is not null,
                TimeSpan.FromSeconds(60),
                "the process should exit");
            Assert.Contains("the last line", tail, StringComparison.Ordinal);
            Assert.Contains("line 19999", tail, StringComparison.Ordinal);
        }

        File.Delete(log);
    }
}
