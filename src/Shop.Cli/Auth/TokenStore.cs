using System.Text.Json;

namespace Shop.Cli.Auth;

/// <summary>
/// The tokens of every shop the user signed in to, keyed by its base URL, in <c>~/.config/shop/tokens.json</c>
/// (or <c>$SHOP_CONFIG_DIR/tokens.json</c>). The folder is 0700 and the file 0600 from the moment they exist: a refresh
/// token is a long-lived credential. Writes go through a temporary file, so a crash never leaves half a file.
/// </summary>
internal sealed class TokenStore(string directory)
{
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = OwnerOnlyFile | UnixFileMode.UserExecute;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string FilePath => Path.Combine(directory, "tokens.json");

    public static TokenStore ForCurrentUser()
    {
        var configured = Environment.GetEnvironmentVariable("SHOP_CONFIG_DIR");
        var directory = string.IsNullOrEmpty(configured)
            ? Path.Combine(Environment.GetFolderPath(
                Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.DoNotVerify), "shop")
            : configured;
        return new TokenStore(directory);
    }

    public StoredTokens? Get(Uri shop) => ReadAll().GetValueOrDefault(Key(shop));

    public void Save(Uri shop, StoredTokens tokens) => Update(all => all[Key(shop)] = tokens);

    public bool Remove(Uri shop)
    {
        var removed = false;
        Update(all => removed = all.Remove(Key(shop)));
        return removed;
    }

    private static string Key(Uri shop) => shop.ToString().TrimEnd('/');

    private Dictionary<string, StoredTokens> ReadAll()
    {
        if (!File.Exists(FilePath))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, StoredTokens>>(File.ReadAllText(FilePath), Json)
                ?? [];
        }
        catch (JsonException)
        {
            // A damaged file means signing in again, not a crash.
            return [];
        }
    }

    private void Update(Action<Dictionary<string, StoredTokens>> change)
    {
        var all = ReadAll();
        change(all);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, OwnerOnlyDirectory);
        }

        var temporary = FilePath + "." + Environment.ProcessId + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, all, Json);
        }

        if (!OperatingSystem.IsWindows())
        {
            // UnixCreateMode only applies to a new file; a file left behind by an older run gets the mode too.
            File.SetUnixFileMode(temporary, OwnerOnlyFile);
        }

        File.Move(temporary, FilePath, overwrite: true);
    }
}
