namespace Makini.Flows.Server.Infrastructure;

/// <summary>
/// Folders that hold the database and the key ring are readable by the server's own user only (on Unix): a copy of
/// them must not be one <c>cat</c> away for every other account on the machine.
/// </summary>
public static class OwnerOnly
{
    private const UnixFileMode FolderMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates the folder (or narrows an existing one) to the owner.</summary>
    public static void Folder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }
        Directory.CreateDirectory(path, FolderMode);
        File.SetUnixFileMode(path, FolderMode);
    }

    /// <summary>Narrows the files of a folder to the owner (the SQLite database and its journal files).</summary>
    public static void Files(string folder, string pattern)
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(folder))
            return;
        foreach (var file in Directory.EnumerateFiles(folder, pattern))
            File.SetUnixFileMode(file, FileMode);
    }
}
