using System.Text.Json;

namespace Host.Admin;

/// <summary>
/// <c>dead-letters list [--module M] | show ID | replay ID | discard ID --reason R</c>: the admin API's dead-letter
/// operations on the command line, on the modules this Host's configuration enables.
/// </summary>
internal static class DeadLetterCommands
{
    public const string Usage =
        "dead-letters list [--module <m>] | show <id> | replay <id> | discard <id> --reason <r>";
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<int> RunAsync(
        IServiceProvider services, string[] args, CancellationToken cancellationToken)
    {
        var deadLetters = services.GetRequiredService<DeadLetters>();
        var verb = args.ElementAtOrDefault(1);
        var id = Guid.TryParse(args.ElementAtOrDefault(2), out var parsed) ? parsed : (Guid?)null;
        string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        switch (verb, id)
        {
            case ("list", _):
                var (items, total) = await deadLetters.ListAsync(Option("--module"), 0, 1000, cancellationToken);
                Console.WriteLine($"{total} dead letters");
                foreach (var d in items)
                {
                    Console.WriteLine($"{d.Id}  {d.Module}  {d.EventType}  {d.Consumer}  {d.Attempts}  {d.LastError}");
                }

                return 0;
            case ("show", { } shown) when await deadLetters.FindAsync(shown, cancellationToken) is { } letter:
                Console.WriteLine(JsonSerializer.Serialize(letter, Indented));
                return 0;
            case ("replay", { } replayed) when await deadLetters.ReplayAsync(replayed, cancellationToken):
                Console.WriteLine($"{replayed} is pending again; the module's inbox processor handles it.");
                return 0;
            case ("discard", { } discarded) when Option("--reason") is { } reason:
                if (DeadLetters.RefuseReason(reason) is { } refused)
                {
                    await Console.Error.WriteLineAsync(refused);
                    return 2;
                }

                if (await deadLetters.DiscardAsync(discarded, reason.Trim(), cancellationToken))
                {
                    Console.WriteLine($"{discarded} discarded.");
                    return 0;
                }

                break;
            default:
                await Console.Error.WriteLineAsync($"Usage: {Usage}");
                return 2;
        }

        await Console.Error.WriteLineAsync($"No dead letter {args.ElementAtOrDefault(2)} in the enabled modules.");
        return 1;
    }
}
