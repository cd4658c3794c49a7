namespace BuildingBlocks.Contracts;

public static class ErrorCodes
{
    public const string NotFound = "not_found";
    public const string Conflict = "conflict";
    public const string Validation = "validation";
    public const string PreconditionFailed = "precondition_failed";
    public const string Unavailable = "unavailable";
}
