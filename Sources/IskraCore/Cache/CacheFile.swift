import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// One cache file: a header, a table of sections, the sections. Everything is little-endian and
// found by offsets from the start of the file, so the file is used in place once mapped.
//
//   0  magic "iskraidx"              8 bytes
//   8  format version               u32     (CacheFormat.version)
//  12  derivation version           u32     (CacheFormat.derivationVersion)
//  16  key                          u64     (also the file's name)
//  24  content hash of the book     u64
//  32  book size in bytes           u64
//  40  this file's length           u64     (a truncated file is refused before any read)
//  48  section count                u32
//  52  byte-order mark 0x01020304   u32
//  56  checksum                     u64     XXH64 of bytes 0..<56 and the section table
//  64  section table: per section   id u32, element width u32, offset u64, length u64,
//                                   checksum u64 (XXH64 of the section's bytes)
//      sections, each at an offset that is a multiple of 8
//
// The header and table are checked on every open (a few hundred bytes); a section's checksum
// is checked the first time it is read, so a query pays only for the sections it uses.

public enum CacheFormat {
    /// The layout of the file. Bump when it changes.
    public static let version: UInt32 = 1
    /// What the code derives from a book (tokenizing, folding, units). Bump whenever a change
    /// would make the same book give a different index, so old caches are never used.
    public static let derivationVersion: UInt32 = 1
    /// The running executable's size and modification time: a rebuilt iskra (whose parser or
    /// index may derive a book differently) never reads an index the old one wrote, even when
    /// nobody remembered to bump `derivationVersion`. An installed iskra keeps its caches.
    public static let buildStamp: UInt64 = {
        var status = stat()
        guard stat("/proc/self/exe", &status) == 0 else { return 0 }
        let fields: [UInt64] = [UInt64(bitPattern: Int64(status.st_size)), UInt64(bitPattern: Int64(status.st_mtim.tv_sec)),
                                UInt64(bitPattern: Int64(status.st_mtim.tv_nsec))]
        return fields.withUnsafeBytes { XXHash64.hash($0, seed: 0x6275_696c_64) }
    }()
    static let magic: [UInt8] = Array("iskraidx".utf8)
    static let headerSize = 64
    static let tableEntrySize = 32
    static let byteOrderMark: UInt32 = 0x0102_0304
}

/// What identifies a cached derivation of a book: its bytes, and the files beside it that
/// change what is derived (its people register and metadata sidecar).
public struct CacheKey: Equatable, Sendable {
    public var contentHash: UInt64
    public var bookSize: UInt64
    public var companionsHash: UInt64

    public init(contentHash: UInt64, bookSize: UInt64, companionsHash: UInt64) {
        self.contentHash = contentHash
        self.bookSize = bookSize
        self.companionsHash = companionsHash
    }

    /// The key proper: all of the above and both versions.
    public var value: UInt64 {
        let fields: [UInt64] = [contentHash, bookSize, companionsHash,
                                UInt64(CacheFormat.version) << 32 | UInt64(CacheFormat.derivationVersion), CacheFormat.buildStamp]
        return fields.withUnsafeBytes { XXHash64.hash($0, seed: 0x6973_6b72_61) }
    }

    public var fileName: String { hex(value) + ".index" }
}

func hex(_ value: UInt64) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
}

/// A section to write: its id, the width of its elements (for checks) and its bytes, made
/// now or carried from the file being replaced (read in place from its mapping, not copied:
/// a 100 MB book's other parts are tens of megabytes).
struct CacheSection {
    var id: UInt32
    var width: UInt32
    private var owned: [UInt8]
    /// A checked section of another file, with the file that keeps it mapped.
    private var carried: (file: MappedCacheFile, bytes: UnsafeRawBufferPointer, checksum: UInt64)?

    init(id: UInt32, bytes: [UInt8]) {
        self.init(id: id, width: 1, bytes: bytes)
    }

    init(id: UInt32, width: UInt32, bytes: [UInt8]) {
        self.id = id
        self.width = width
        self.owned = bytes
    }

    init<T: FixedWidthInteger>(id: UInt32, values: [T]) {
        self.init(id: id, width: UInt32(MemoryLayout<T>.size), bytes: values.map { $0.littleEndian }.withUnsafeBytes { Array($0) })
    }

    init(id: UInt32, width: UInt32, carriedFrom file: MappedCacheFile, bytes: UnsafeRawBufferPointer, checksum: UInt64) {
        self.id = id
        self.width = width
        self.owned = []
        self.carried = (file, bytes, checksum)
    }

    var count: Int { carried?.bytes.count ?? owned.count }
    var checksum: UInt64 { carried?.checksum ?? XXHash64.hash(owned) }

    func withBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        if let carried { return withExtendedLifetime(carried.file) { body(carried.bytes) } }
        return owned.withUnsafeBytes(body)
    }
}

enum CacheFileWriter {
    /// The file's bytes before the sections: header and table.
    static func header(key: CacheKey, sections: [CacheSection]) -> (header: [UInt8], length: Int, offsets: [Int]) {
        var header = [UInt8](repeating: 0, count: CacheFormat.headerSize + CacheFormat.tableEntrySize * sections.count)
        var offsets: [Int] = []
        var offset = header.count
        for section in sections {
            offset = (offset + 7) & ~7
            offsets.append(offset)
            offset += section.count
        }
        func put<T: FixedWidthInteger>(_ value: T, at position: Int) {
            withUnsafeBytes(of: value.littleEndian) { raw in
                for i in 0 ..< raw.count { header[position + i] = raw[i] }
            }
        }
        for i in 0 ..< 8 { header[i] = CacheFormat.magic[i] }
        put(CacheFormat.version, at: 8)
        put(CacheFormat.derivationVersion, at: 12)
        put(key.value, at: 16)
        put(key.contentHash, at: 24)
        put(key.bookSize, at: 32)
        put(UInt64(offset), at: 40)
        put(UInt32(sections.count), at: 48)
        put(CacheFormat.byteOrderMark, at: 52)
        for (i, section) in sections.enumerated() {
            let entry = CacheFormat.headerSize + i * CacheFormat.tableEntrySize
            put(section.id, at: entry)
            put(section.width, at: entry + 4)
            put(UInt64(offsets[i]), at: entry + 8)
            put(UInt64(section.count), at: entry + 16)
            put(section.checksum, at: entry + 24)
        }
        put(MappedCacheFile.headerChecksum(header), at: 56)
        return (header, offset, offsets)
    }

    /// Writes the file to `path` through a temporary file in the same directory and a rename,
    /// so a reader sees the old file or the new one, never half of one; two writers at once
    /// each rename a whole file. No fsync: a file a crash left half-written fails its
    /// checksums and is rebuilt. Returns errno on failure (the temporary file removed).
    static func write(key: CacheKey, sections: [CacheSection], to path: String, temporaryName: String) -> Int32? {
        let (header, length, offsets) = header(key: key, sections: sections)
        let descriptor = open(temporaryName, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { return errno }
        var failure: Int32?
        func writeAll(_ raw: UnsafeRawBufferPointer, at position: Int) {
            var done = 0
            while done < raw.count && failure == nil {
                let count = pwrite(descriptor, raw.baseAddress! + done, raw.count - done, off_t(position + done))
                if count < 0 { if errno != EINTR { failure = errno } } else { done += count }
            }
        }
        header.withUnsafeBytes { writeAll($0, at: 0) }
        for (i, section) in sections.enumerated() where failure == nil && section.count > 0 {
            section.withBytes { writeAll($0, at: offsets[i]) }
        }
        // The padding after the last section, if any, is a hole: length must be exact.
        if failure == nil && ftruncate(descriptor, off_t(length)) != 0 { failure = errno }
        if close(descriptor) != 0 && failure == nil { failure = errno }
        if failure == nil && rename(temporaryName, path) != 0 { failure = errno }
        if failure != nil { unlink(temporaryName) }
        return failure
    }
}

/// A cache file mapped read-only. Opening checks the header and table; `section` checks a
/// section's checksum before its first use. Any failure means "not usable", never a crash.
/// The mapping is private and read-only, and only the set of checked sections changes (under
/// a lock), so any thread may read it.
public final class MappedCacheFile: @unchecked Sendable {
    let base: UnsafeRawPointer
    let length: Int
    let key: UInt64
    let contentHash: UInt64
    let bookSize: UInt64
    private let sections: [UInt32: (offset: Int, length: Int, width: Int, checksum: UInt64)]
    private let verified = Mutex<Set<UInt32>>([])

    static func headerChecksum(_ headerAndTable: [UInt8]) -> UInt64 {
        var copy = headerAndTable
        for i in 56 ..< 64 { copy[i] = 0 }
        return XXHash64.hash(copy)
    }

    /// Maps the file at `path` if it is a whole, undamaged cache file for `expectedKey`
    /// (any key when nil, for listing); nil otherwise.
    public init?(path: String, expectedKey: UInt64?) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG,
              Int(status.st_size) >= CacheFormat.headerSize else { return nil }
        let size = Int(status.st_size)
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), mapped != MAP_FAILED else { return nil }
        // Everything is checked on locals first: the stored properties are set (and deinit
        // will unmap) only for a file that passed.
        guard let table = MappedCacheFile.check(UnsafeRawPointer(mapped), size: size, expectedKey: expectedKey) else {
            munmap(mapped, size)
            return nil
        }
        base = UnsafeRawPointer(mapped)
        length = size
        (key, contentHash, bookSize) = (table.key, table.contentHash, table.bookSize)
        sections = table.sections
    }

    private struct Table {
        var key: UInt64, contentHash: UInt64, bookSize: UInt64
        var sections: [UInt32: (offset: Int, length: Int, width: Int, checksum: UInt64)] = [:]
    }

    /// The header and section table of a mapped file of `size` bytes, if they hold.
    private static func check(_ base: UnsafeRawPointer, size: Int, expectedKey: UInt64?) -> Table? {
        func u32(_ at: Int) -> UInt32 { UInt32(littleEndian: base.loadUnaligned(fromByteOffset: at, as: UInt32.self)) }
        func u64(_ at: Int) -> UInt64 { UInt64(littleEndian: base.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }
        var table = Table(key: u64(16), contentHash: u64(24), bookSize: u64(32))
        let magicMatches = (0 ..< 8).allSatisfy { base.load(fromByteOffset: $0, as: UInt8.self) == CacheFormat.magic[$0] }
        let count = Int(u32(48))
        let tableEnd = CacheFormat.headerSize + count * CacheFormat.tableEntrySize
        guard magicMatches, u32(8) == CacheFormat.version, u32(12) == CacheFormat.derivationVersion,
              u32(52) == CacheFormat.byteOrderMark, u64(40) == UInt64(size), count <= 64, tableEnd <= size,
              expectedKey == nil || table.key == expectedKey else { return nil }
        let headerBytes = [UInt8](UnsafeRawBufferPointer(start: base, count: tableEnd))
        guard headerChecksum(headerBytes) == u64(56) else { return nil }
        for i in 0 ..< count {
            let entry = CacheFormat.headerSize + i * CacheFormat.tableEntrySize
            let offset = u64(entry + 8), byteCount = u64(entry + 16), width = Int(u32(entry + 4))
            guard offset % 8 == 0, offset >= UInt64(tableEnd), byteCount <= UInt64(size), offset <= UInt64(size) - byteCount,
                  [1, 2, 4, 8].contains(width), byteCount % UInt64(width) == 0 else { return nil }
            table.sections[u32(entry)] = (Int(offset), Int(byteCount), width, u64(entry + 24))
        }
        return table
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: base), length) }

    /// A section's bytes once its checksum holds; nil if it is missing, has other elements
    /// than expected, or is damaged.
    func section(_ id: UInt32, width: Int) -> UnsafeRawBufferPointer? {
        guard let entry = sections[id], entry.width == width else { return nil }
        let bytes = UnsafeRawBufferPointer(start: base + entry.offset, count: entry.length)
        if !verified.withLock({ $0.contains(id) }) {
            guard XXHash64.hash(bytes) == entry.checksum else { return nil }
            verified.withLock { _ = $0.insert(id) }
        }
        return bytes
    }

    /// The ids of the sections the file holds.
    var sectionIDs: [UInt32] { Array(sections.keys) }

    /// A section as it is stored (checked), to carry it into a new file without a copy.
    func storedSection(_ id: UInt32) -> CacheSection? {
        guard let entry = sections[id], let bytes = section(id, width: entry.width) else { return nil }
        return CacheSection(id: id, width: UInt32(entry.width), carriedFrom: self, bytes: bytes, checksum: entry.checksum)
    }

    func elements<T: FixedWidthInteger>(_ id: UInt32, as type: T.Type) -> UnsafeBufferPointer<T>? {
        guard let bytes = section(id, width: MemoryLayout<T>.size) else { return nil }
        guard let start = bytes.baseAddress else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: start.bindMemory(to: T.self, capacity: bytes.count / MemoryLayout<T>.size),
                                   count: bytes.count / MemoryLayout<T>.size)
    }
}
