namespace BuildingBlocks.Idempotency;

/// <summary>Endpoint metadata: the endpoint requires an <c>Idempotency-Key</c> header, so that the API description
/// (the OpenAPI document) can say so without a list of such endpoints kept by hand.</summary>
public sealed class IdempotencyKeyMetadata
{
    public static readonly IdempotencyKeyMetadata Instance = new();

    private IdempotencyKeyMetadata()
    {
    }
}
