namespace BuildingBlocks.Contracts;

/// <summary>A command that carries its own deduplication key, so retrying it is safe.</summary>
public interface IIdempotentCommand
{
    string IdempotencyKey { get; }
}
