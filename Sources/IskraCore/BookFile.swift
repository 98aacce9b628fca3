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

    static func tooLarge(_ path: String, _ size: Int) -> BookFileError {
        BookFileError(path: path, reason: "is too large (\(size >> 20) MB; iskra opens books up to \(maximumBytes >> 20) MB)")
    }

    /// Opens a book for reading: its descriptor (the caller closes it) and its size, or the
    /// error for a path that cannot be opened, is a directory or is too large.
    static func openBook(_ path: String) throws(BookFileError) -> (descriptor: Int32, size: Int) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw BookFileError(path: path, reason: reason(errno)) }
        var status = stat()
        var problem: String?
        if fstat(descriptor, &status) != 0 {
            problem = reason(errno)
        } else if (status.st_mode & S_IFMT) == S_IFDIR {
            problem = "is a directory"
        }
        let size = max(0, Int(status.st_size))
        if problem == nil && size > maximumBytes { problem = tooLarge(path, size).reason }
        if let problem {
            close(descriptor)
            throw BookFileError(path: path, reason: problem)
        }
        return (descriptor, size)
    }

    public static func readBytes(path: String) throws(BookFileError) -> [UInt8] {
        let (descriptor, size) = try openBook(path)
        defer { close(descriptor) }
        // Read straight into an array of the file's size; grow only if the file grew meanwhile
        // (or reports no size, like a pipe).
        var bytes: [UInt8] = []
        var capacity = size + 1
        var count = 0
        while true {
            if count == capacity { capacity *= 2 }
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
            if count > maximumBytes { throw tooLarge(path, count) }
        }
        bytes.removeLast(bytes.count - count)
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
        /// The size the file had when opened (0 for pipes and the like).
        public let expectedSize: Int
        /// Set when a read failed; `next` then reports the end.
        public private(set) var error: BookFileError?
        public private(set) var bytesRead = 0
        private let descriptor: Int32
        private let chunkSize: Int

        public init(path: String, chunkSize: Int = 4 << 20) throws(BookFileError) {
            (descriptor, expectedSize) = try BookFile.openBook(path)
            self.path = path
            self.chunkSize = max(1, chunkSize)
        }

        deinit { close(descriptor) }

        /// Replaces `chunk` with the next piece of the file; false at the end or on an error.
        public func next(into chunk: inout [UInt8]) -> Bool {
            guard error == nil else { return false }
            let size = chunkSize
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
                error = BookFile.tooLarge(path, bytesRead)
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
