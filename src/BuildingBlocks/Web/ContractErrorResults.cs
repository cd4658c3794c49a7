using BuildingBlocks.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BuildingBlocks.Web;

public static class ContractErrorResults
{
    /// <summary>The HTTP answer for a refused contract call, the same whichever process refused it.</summary>
    public static ProblemHttpResult ToProblem(this ContractError error) => error.Code switch
    {
        ErrorCodes.Validation => TypedResults.Problem(new HttpValidationProblemDetails(
            error.Errors?.ToDictionary(e => e.Key, e => e.Value) ?? new Dictionary<string, string[]>())
        {
            Status = StatusCodes.Status400BadRequest,
            Detail = error.Message,
        }),
        ErrorCodes.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: error.Message),
        ErrorCodes.Conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, detail: error.Message),
        ErrorCodes.PreconditionFailed => TypedResults.Problem(
            statusCode: StatusCodes.Status412PreconditionFailed,
            detail: error.Message),
        ErrorCodes.Unavailable => TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            detail: error.Message),
        _ => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, detail: error.Message),
    };
}
