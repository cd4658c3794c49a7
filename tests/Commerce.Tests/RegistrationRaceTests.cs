using System.Net;
using TestSupport;

namespace Commerce.Tests;

/// <summary>
/// Registrations of one email at once: UserManager checks that the email is free, then inserts, so all but one
/// meet the unique index. Here (not in Identity.Tests) because this suite also runs on PostgreSQL in CI, where the
/// race shows; SQLite's single writer hides it.
/// </summary>
public sealed class RegistrationRaceTests(ShopFixture shop) : IClassFixture<ShopFixture>
{
    [Fact]
    public async Task Registrations_of_one_email_at_once_make_one_account_and_a_409_for_each_other()
    {
        for (var round = 0; round < 4; round++)
        {
            var email = Tokens.UniqueEmail("race");
            var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
            {
                using var client = shop.Anonymous;
                return (await Tokens.RegisterAsync(client, email, "Str0ng-Passw0rd!")).StatusCode;
            }));

            Assert.Single(answers, status => status == HttpStatusCode.Created);
            Assert.All(
                answers.Where(status => status != HttpStatusCode.Created),
                status => Assert.Equal(HttpStatusCode.Conflict, status));
        }
        shop.AssertNoDatabaseErrorLogged();
    }
}
