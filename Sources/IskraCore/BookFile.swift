#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a book could not be read, worded for a one-line message.
public struct BookFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}

/// Reads a whole file with plain system calls: no Foundation start-up cost, errno-exact messages.
public enum BookFile {
    /// The largest book iskra opens: 1 GiB, about 3 GiB of memory once open, and well inside
    /// the 32-bit offsets the search index uses.
    public static let maximumBytes = 1 << 30

    /// What a book's path names, as far as reading it goes.
    enum Kind: Sendable {
        /// A regular file, whose size is known before reading.
        case file
        /// A pipe or FIFO: its size is known only once it ends.
        case pipe
    }

    /// `size` bytes as a reader would say it: whole megabytes, or bytes when that would hide
    /// the difference from the limit.
    static func describe(_ size: Int) -> String {
        let megabytes = size >> 20
        if megabytes == maximumBytes >> 20 && size != maximumBytes { return "\(size) bytes" }
        return "\(megabytes) MB"
    }

    static func tooLarge(_ path: String, _ size: Int) -> BookFileError {
        BookFileError(path: path, reason: "is too large (\(describe(size)); iskra opens books up to \(maximumBytes >> 20) MB)")
    }

    /// A pipe still going at the limit: its true size is not known, and waiting for it could
    /// take for ever (`yes |`).
    static func endless(_ path: String) -> BookFileError {
        BookFileError(path: path, reason: "is a pipe that did not end within \(maximumBytes >> 20) MB, the largest book iskra opens")
    }

    /// The error for a read that went past the limit: a file's size as it is now (it grew while
    /// being read), or a pipe that never ended.
    static func overflow(_ path: String, descriptor: Int32, kind: Kind, read: Int) -> BookFileError {
        guard kind == .file else { return endless(path) }
        var status = stat()
        let size = fstat(descriptor, &status) == 0 ? max(read, Int(status.st_size)) : read
        return tooLarge(path, size)
    }

    /// Opens a book for reading: its descriptor (the caller closes it), its size (0 for a
    /// pipe) and its kind, or the error for a path that cannot be opened, is a directory or a
    /// device (`/dev/zero` never ends, a terminal waits for typing), or is too large.
    static func openBook(_ path: String) throws(BookFileError) -> (descriptor: Int32, size: Int, kind: Kind) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw BookFileError(path: path, reason: reason(errno)) }
        var status = stat()
        var problem: String?
        var kind = Kind.file
        if fstat(descriptor, &status) != 0 {
            problem = reason(errno)
        } else {
            switch status.st_mode & S_IFMT {
            case S_IFDIR: problem = "is a directory"
            case S_IFCHR: problem = "is a character device (a terminal, /dev/zero...), not a file"
            case S_IFBLK: problem = "is a block device, not a file"
            case S_IFSOCK: problem = "is a socket, not a file"
            case S_IFIFO: kind = .pipe
            default: break
            }
        }
        let size = kind == .file ? max(0, Int(status.st_size)) : 0
        if problem == nil && size > maximumBytes { problem = tooLarge(path, size).reason }
        if let problem {
            close(descriptor)
            throw BookFileError(path: path, reason: problem)
        }
        return (descriptor, size, kind)
    }

    public static func readBytes(path: String) throws(BookFileError) -> [UInt8] {
        try readBytesStamped(path: path).bytes
    }

    /// The file's bytes and, for a regular file that did not change while it was read, its
    /// stamp (what the cache records with the bytes' hash).
    public static func readBytesStamped(path: String) throws(BookFileError) -> (bytes: [UInt8], stamp: FileStamp?) {
        let (descriptor, size, kind) = try openBook(path)
        defer { close(descriptor) }
        if kind == .pipe { return (try readPipe(path, descriptor), nil) }
        let before = FileStamp.of(descriptor: descriptor)
        let bytes = try readFile(path, descriptor, size: size, kind: kind)
        let after = FileStamp.of(descriptor: descriptor)
        return (bytes, before == after ? before : nil)
    }

    private static func readFile(_ path: String, _ descriptor: Int32, size: Int, kind: Kind) throws(BookFileError) -> [UInt8] {
        // Read straight into an array of the file's size; grow only if the file grew meanwhile
        // (or reports no size, like a pipe). Never more than one byte past the limit.
        var bytes: [UInt8] = []
        var capacity = min(size, maximumBytes) + 1
        var count = 0
        while true {
            if count == capacity { capacity = min(capacity * 2, maximumBytes + 1) }
            if bytes.count < capacity {
                let filled = count
                let old = bytes
                bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
                    old.withUnsafeBufferPointer { source in
                        if filled > 0 { buffer.baseAddress!.update(from: source.baseAddress!, count: filled) }
                    }
                    initialized = capacity
                }
            }
            let got = bytes.withUnsafeMutableBytes { raw in
                read(descriptor, raw.baseAddress! + count, capacity - count)
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw BookFileError(path: path, reason: reason(errno))
            }
            if got == 0 { break }
            count += got
            if count > maximumBytes { throw overflow(path, descriptor: descriptor, kind: kind, read: count) }
        }
        bytes.removeLast(bytes.count - count)
        return bytes
    }

    /// A pipe, read in pieces (no size to read into, and doubling an array on the way to the
    /// limit would hold twice the limit before refusing), then put together piece by piece.
    private static func readPipe(_ path: String, _ descriptor: Int32) throws(BookFileError) -> [UInt8] {
        var pieces: [[UInt8]] = []
        var total = 0
        let pieceSize = 4 << 20
        while true {
            let size = min(pieceSize, maximumBytes + 1 - total)
            var failure: Int32 = 0
            var got = 0
            let piece = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
                while got < size {
                    let count = read(descriptor, buffer.baseAddress! + got, size - got)
                    if count < 0 && errno == EINTR { continue }
                    if count < 0 { failure = errno; break }
                    if count == 0 { break }
                    got += count
                }
                initialized = got
            }
            if failure != 0 { throw BookFileError(path: path, reason: reason(failure)) }
            total += got
            if total > maximumBytes { throw endless(path) }
            if got == 0 { break }
            pieces.append(piece)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(total)
        for i in pieces.indices {
            bytes += pieces[i]
            pieces[i] = []
        }
        return bytes
    }

    /// Throws what `readBytes` would for a file that cannot be opened or is a directory,
    /// without reading it (to report a bad path at once, before a slow load starts).
    public static func checkReadable(path: String) throws(BookFileError) {
        close(try openBook(path).descriptor)
    }

    /// A book file read a piece at a time (for parsing without holding the whole file).
    public final class Reader {
        public let path: String
        /// The size the file had when opened (0 for pipes).
        public let expectedSize: Int
        /// Set when a read failed; `next` then reports the end.
        public private(set) var error: BookFileError?
        public private(set) var bytesRead = 0
        private let descriptor: Int32
        private let kind: Kind
        private let chunkSize: Int

        public init(path: String, chunkSize: Int = 4 << 20) throws(BookFileError) {
            (descriptor, expectedSize, kind) = try BookFile.openBook(path)
            self.path = path
            self.chunkSize = max(1, chunkSize)
        }

        deinit { close(descriptor) }

        /// A pipe: its size is known only once it ends (`expectedSize` is 0).
        public var isPipe: Bool { kind == .pipe }

        /// What `stat` says of the file now (nil for a pipe): the same before and after the
        /// reads, the file did not change while it was read.
        public var stamp: FileStamp? { kind == .pipe ? nil : FileStamp.of(descriptor: descriptor) }

        /// Replaces `chunk` with the next piece of the file; false at the end or on an error.
        /// Reads never go more than a byte past the limit.
        public func next(into chunk: inout [UInt8]) -> Bool {
            guard error == nil else { return false }
            let size = min(chunkSize, BookFile.maximumBytes + 1 - bytesRead)
            var got = 0
            chunk = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
                while got < size {
                    let count = read(descriptor, buffer.baseAddress! + got, size - got)
                    if count < 0 && errno == EINTR { continue }
                    if count < 0 { error = BookFileError(path: path, reason: BookFile.reason(errno)); break }
                    if count == 0 { break }
                    got += count
                }
                initialized = got
            }
            bytesRead += got
            if bytesRead > BookFile.maximumBytes {
                error = BookFile.overflow(path, descriptor: descriptor, kind: kind, read: bytesRead)
                return false
            }
            return got > 0 && error == nil
        }
    }

    public static func load(path: String) throws(BookFileError) -> Document {
        Parser.parse(bytes: try readBytes(path: path), path: path)
    }

    static func reason(_ code: Int32) -> String {
        switch code {
        case ENOENT: return "no such file"
        case EACCES: return "permission denied"
        case EISDIR: return "is a directory"
        case ENOTDIR: return "a component of the path is not a directory"
        case ELOOP: return "too many symbolic links"
        case ENAMETOOLONG: return "file name too long"
        default:
            if let message = strerror(code) { return String(cString: message).lowercased() }
            return "error \(code)"
        }
    }
}
