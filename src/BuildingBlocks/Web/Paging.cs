using Microsoft.AspNetCore.Http;

namespace BuildingBlocks.Web;

/// <summary>The API's paging rule: page >= 1, 1 <= pageSize <= 100, defaults 1 and 20.</summary>
public readonly record struct Paging(int Page, int PageSize)
{
    public int Skip => (Page - 1) * PageSize;

    public static bool TryCreate(int? page, int? pageSize, out Paging paging, out IResult? problem)
    {
        paging = new Paging(page ?? 1, pageSize ?? 20);
        var errors = new Dictionary<string, string[]>();
        if (paging.Page < 1 || paging.Page > 1_000_000)
        {
            errors["page"] = ["'page' must be between 1 and 1000000."];
        }

        if (paging.PageSize is < 1 or > 100)
        {
            errors["pageSize"] = ["'pageSize' must be between 1 and 100."];
        }

        problem = errors.Count == 0 ? null : TypedResults.ValidationProblem(errors);
        return problem is null;
    }
}
