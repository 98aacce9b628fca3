#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `stat` says of a file that changes when its bytes may have: the cheap check that
/// decides whether a book's recorded content hash can be trusted or must be computed again.
/// The change time is the one that matters most: any write, truncation or `utimensat`
/// updates it, and no ordinary program can set it back, so a byte edited with the size and
/// modification time restored is still seen.
public struct FileStamp: Equatable, Sendable {
    public var device: UInt64
    public var inode: UInt64
    public var size: Int64
    public var modifiedSeconds: Int64
    public var modifiedNanoseconds: Int64
    public var changedSeconds: Int64
    public var changedNanoseconds: Int64

    init(_ status: stat) {
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
        size = Int64(status.st_size)
        modifiedSeconds = Int64(status.st_mtim.tv_sec)
        modifiedNanoseconds = Int64(status.st_mtim.tv_nsec)
        changedSeconds = Int64(status.st_ctim.tv_sec)
        changedNanoseconds = Int64(status.st_ctim.tv_nsec)
    }

    init(device: UInt64, inode: UInt64, size: Int64, modifiedSeconds: Int64, modifiedNanoseconds: Int64,
         changedSeconds: Int64, changedNanoseconds: Int64) {
        self.device = device
        self.inode = inode
        self.size = size
        self.modifiedSeconds = modifiedSeconds
        self.modifiedNanoseconds = modifiedNanoseconds
        self.changedSeconds = changedSeconds
        self.changedNanoseconds = changedNanoseconds
    }

    /// The stamp of a regular file (nil for anything else, or a path that cannot be read).
    public static func of(path: String) -> FileStamp? {
        var status = stat()
        guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        return FileStamp(status)
    }

    public static func of(descriptor: Int32) -> FileStamp? {
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        return FileStamp(status)
    }

    /// Whether a later change to the file is sure to give it another stamp: its change time
    /// is older than `now` by more than `margin` (file times advance in ticks of the kernel's
    /// coarse clock, or whole seconds on some file systems, so a write in the same tick as
    /// the one recorded could keep every field the same).
    func isSettled(now: (seconds: Int64, nanoseconds: Int64), marginNanoseconds: Int64) -> Bool {
        let changed = changedSeconds * 1_000_000_000 + changedNanoseconds
        let current = now.seconds * 1_000_000_000 + now.nanoseconds
        return changed + marginNanoseconds < current
    }

    static func realTimeNow() -> (seconds: Int64, nanoseconds: Int64) {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return (Int64(time.tv_sec), Int64(time.tv_nsec))
    }
}
