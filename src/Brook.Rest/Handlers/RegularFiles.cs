using System.Runtime.InteropServices;

namespace Brook.Rest.Handlers;

/// <summary>
/// Tells regular files from FIFOs, sockets and devices, which .NET's FileInfo reports alike ("Normal") and which must
/// never be opened by a request thread: opening a FIFO blocks until someone writes to it.
/// </summary>
internal static partial class RegularFiles
{
    private const int TypeMask = 0xF000;
    private const int RegularFile = 0x8000;

    /// <summary>True if <paramref name="path"/> (after symbolic links) is a regular file.</summary>
    public static bool IsRegularFile(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            var attributes = File.GetAttributes(path);
            return (attributes & (FileAttributes.Directory | FileAttributes.Device | FileAttributes.ReparsePoint)) == 0;
        }
        return Stat(path, out var status) == 0 && (status.Mode & TypeMask) == RegularFile;
    }

    /// <summary>
    /// The runtime's own stat shim (System.Native, shipped with every .NET on Unix, as the .NET SDK also calls it): its
    /// FileStatus is the runtime's portable layout with the mode at offset 4 and POSIX type bits, the same on Linux and
    /// macOS and on every architecture, unlike libc's struct stat. The buffer is larger than the runtime's struct.
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct FileStatus
    {
        [FieldOffset(4)]
        public int Mode;
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", SetLastError = true)]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, out FileStatus status);
}
