using BuildingBlocks.Contracts;
using BuildingBlocks.Web;
using Microsoft.AspNetCore.Http;

namespace Cart.Features;

internal static class CartAnswers
{
    /// <summary>200 with the priced cart and its ETag, or the problem that refused the change.</summary>
    public static IResult Answer(ContractResult<CartResponse> result, HttpResponse response)
    {
        if (!result.IsSuccess)
        {
            return result.Error.ToProblem();
        }

        ETags.Set(response, result.Value.Version);
        return TypedResults.Ok(result.Value);
    }

    public static IResult NotAUser() =>
        Results.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            detail: "A cart belongs to a user; this token names none.");
}
