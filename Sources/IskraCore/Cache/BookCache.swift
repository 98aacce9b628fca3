#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The cache directory, `$XDG_CACHE_HOME/iskra/` (`~/.cache/iskra/`): one file per book and
/// derivation (`KEY.index`, see CacheFile.swift), and `stamps`, the small index of what
/// `stat` said of each book when its content hash was computed. Everything here only costs
/// or saves time: any file may be deleted at any moment, and a failure to write is reported
/// and otherwise ignored.
public final class BookCache: Sendable {
    public let directory: String
    /// Bytes the `.index` files may take together; least recently used go first beyond it.
    public let limitBytes: Int
    /// How old a book's change time must be before its stamp is trusted (see `FileStamp.isSettled`).
    let settleMarginNanoseconds: Int64
    /// Recorded stamps kept (most recent last).
    static let maximumStamps = 512
    public static let defaultLimitBytes = 1 << 30

    public init(directory: String, limitBytes: Int = BookCache.defaultLimitBytes, settleMarginNanoseconds: Int64 = 2_000_000_000) {
        self.directory = directory
        self.limitBytes = limitBytes
        self.settleMarginNanoseconds = settleMarginNanoseconds
    }

    /// `$XDG_CACHE_HOME/iskra` when XDG_CACHE_HOME is an absolute path (the XDG spec says to
    /// ignore a relative one), else `$HOME/.cache/iskra`; nil without a usable home.
    public static func defaultDirectory(environment: (String) -> String?) -> String? {
        if let cache = environment("XDG_CACHE_HOME"), cache.hasPrefix("/") { return cache + "/iskra" }
        if let home = environment("HOME"), home.hasPrefix("/") { return home + "/.cache/iskra" }
        return nil
    }

    /// A size limit as ISKRA_CACHE_LIMIT gives it: bytes, or a number with K, M or G (powers
    /// of 1024, an optional `iB` or `B` after); `0` keeps nothing. Nil when it cannot be read.
    public static func parseLimit(_ text: String) -> Int? {
        var digits = Substring(text.filter { $0 != " " })
        var multiplier = 1
        for suffix in ["iB", "B"] where digits.hasSuffix(suffix) && digits.count > suffix.count {
            digits = digits.dropLast(suffix.count)
            break
        }
        if let last = digits.last?.uppercased(), let shift = ["K": 10, "M": 20, "G": 30, "T": 40][last] {
            multiplier = 1 << shift
            digits = digits.dropLast()
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII }), let value = Int(digits), value >= 0 else { return nil }
        let (product, overflow) = value.multipliedReportingOverflow(by: multiplier)
        return overflow ? Int.max : product
    }

    /// The cache the environment asks for: its directory and ISKRA_CACHE_LIMIT (a value that
    /// cannot be read is reported and the default used).
    public static func fromEnvironment() -> (cache: BookCache?, problem: String?) {
        func variable(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
        guard let directory = defaultDirectory(environment: variable) else {
            return (nil, "cache: no home directory (HOME or XDG_CACHE_HOME); working without a cache")
        }
        var limit = defaultLimitBytes
        var problem: String?
        if let text = variable("ISKRA_CACHE_LIMIT") {
            if let parsed = parseLimit(text) { limit = parsed } else {
                problem = "ISKRA_CACHE_LIMIT=\(text) is not a size (bytes, or with K, M, G, T); using 1G"
            }
        }
        return (BookCache(directory: directory, limitBytes: limit), problem)
    }

    // MARK: - Keys

    /// The key of the book at `path` with the files beside it that change what is derived
    /// from it (`companions`: its register and sidecar; missing ones count as missing). The
    /// book's content hash is the one recorded for its stamp when that still holds, computed
    /// from its bytes otherwise. Nil when the path is not a readable regular file (a pipe is
    /// never cached).
    public func key(forBookAt path: String, companions: [String]) -> CacheKey? {
        guard let stamp = FileStamp.of(path: path) else { return nil }
        let contentHash: UInt64
        if let recorded = recordedHash(for: stamp) {
            contentHash = recorded
        } else {
            guard let (computed, readStamp) = BookCache.hashFile(path) else { return nil }
            if let readStamp { record(readStamp, contentHash: computed) }
            guard readStamp == stamp else { return nil }
            contentHash = computed
        }
        return CacheKey(contentHash: contentHash, bookSize: UInt64(stamp.size), companionsHash: BookCache.companionsHash(companions))
    }

    /// The key of the book at `path` when its stamp was recorded with its content hash (no
    /// reading of the book: nil when it would have to be hashed).
    public func recordedKey(forBookAt path: String, companions: [String]) -> CacheKey? {
        guard let stamp = FileStamp.of(path: path), let contentHash = recordedHash(for: stamp) else { return nil }
        return CacheKey(contentHash: contentHash, bookSize: UInt64(stamp.size), companionsHash: BookCache.companionsHash(companions))
    }

    /// The hash naming the state file of the book at `path`, when the book is unchanged since
    /// the cache kept it; read without reading the book.
    public func stateHash(forBookAt path: String, companions: [String]) -> UInt64? {
        guard let key = recordedKey(forBookAt: path, companions: companions), let file = file(for: key) else { return nil }
        return CachedBook.stateHash(in: file)
    }

    /// The key of a book whose bytes the caller has read (and parsed), with the stamp it had
    /// throughout the read (nil if it changed meanwhile: nothing is then recorded).
    public func key(forBytes bytes: [UInt8], stamp: FileStamp?, companions: [String]) -> CacheKey {
        key(contentHash: ContentHasher.hash(bytes), size: bytes.count, stamp: stamp, companions: companions)
    }

    /// The key of a book the caller has read and hashed (`ContentHasher`) a piece at a time.
    public func key(contentHash: UInt64, size: Int, stamp: FileStamp?, companions: [String]) -> CacheKey {
        key(contentHash: contentHash, size: size, stamp: stamp, companionsHash: BookCache.companionsHash(companions))
    }

    /// The same with the companions' hash taken by the caller (before it read the register).
    public func key(contentHash: UInt64, size: Int, stamp: FileStamp?, companionsHash: UInt64) -> CacheKey {
        if let stamp, stamp.size == Int64(size) { record(stamp, contentHash: contentHash) }
        return CacheKey(contentHash: contentHash, bookSize: UInt64(size), companionsHash: companionsHash)
    }

    /// The content hash of a file read a megabyte at a time, and its stamp when it did not
    /// change while being read.
    static func hashFile(_ path: String) -> (UInt64, FileStamp?)? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        guard let before = FileStamp.of(descriptor: descriptor) else { return nil }
        var hasher = ContentHasher()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 8)
        defer { buffer.deallocate() }
        while true {
            let count = read(descriptor, buffer.baseAddress, buffer.count)
            if count < 0 { if errno == EINTR { continue }; return nil }
            if count == 0 { break }
            hasher.add(UnsafeRawBufferPointer(rebasing: buffer[0 ..< count]))
        }
        let after = FileStamp.of(descriptor: descriptor)
        return (hasher.finish(), after == before ? before : nil)
    }

    /// One hash of the companion files' bytes (each with its place in the list, so a register
    /// moved to the sidecar's name is a change).
    public static func companionsHash(_ paths: [String]) -> UInt64 {
        var hashes: [UInt64] = []
        for (i, path) in paths.enumerated() {
            if let bytes = try? BookFile.readBytes(path: path) {
                hashes.append(XXHash64.hash(bytes, seed: UInt64(i)))
            } else {
                hashes.append(0x6d69_7373_696e_67 &+ UInt64(i)) // "missing"
            }
        }
        return hashes.withUnsafeBytes { XXHash64.hash($0) }
    }

    // MARK: - Stamps

    private var stampsPath: String { directory + "/stamps" }

    /// A line of `stamps`: the stamp's fields and the content hash, then XXH64 of all that
    /// (a damaged line is skipped, never trusted).
    static func stampLine(_ stamp: FileStamp, _ hash: UInt64) -> String {
        let body = "\(stamp.device) \(stamp.inode) \(stamp.size) \(stamp.modifiedSeconds) \(stamp.modifiedNanoseconds) "
            + "\(stamp.changedSeconds) \(stamp.changedNanoseconds) \(IskraCore.hex(hash))"
        return body + " " + IskraCore.hex(XXHash64.hash(Array(body.utf8)))
    }

    static func parseStampLine(_ line: Substring) -> (FileStamp, UInt64)? {
        guard let space = line.lastIndex(of: " ") else { return nil }
        let body = line[..<space]
        guard UInt64(line[line.index(after: space)...], radix: 16) == XXHash64.hash(Array(body.utf8)) else { return nil }
        let fields = body.split(separator: " ")
        guard fields.count == 8, let device = UInt64(fields[0]), let inode = UInt64(fields[1]),
              let size = Int64(fields[2]), let ms = Int64(fields[3]), let mns = Int64(fields[4]),
              let cs = Int64(fields[5]), let cns = Int64(fields[6]), let hash = UInt64(fields[7], radix: 16) else { return nil }
        return (FileStamp(device: device, inode: inode, size: size, modifiedSeconds: ms, modifiedNanoseconds: mns,
                          changedSeconds: cs, changedNanoseconds: cns), hash)
    }

    private func readStamps() -> [(FileStamp, UInt64)] {
        guard let bytes = try? BookFile.readBytes(path: stampsPath) else { return [] }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").compactMap(BookCache.parseStampLine)
    }

    /// The content hash recorded for a book with exactly this stamp.
    func recordedHash(for stamp: FileStamp) -> UInt64? {
        guard ownershipProblem == nil else { return nil }
        return readStamps().last { $0.0 == stamp }?.1
    }

    /// Records a book's stamp and content hash, if its stamp is settled; best effort (a busy
    /// lock or a directory that cannot be written only means hashing again next time).
    func record(_ stamp: FileStamp, contentHash: UInt64) {
        guard stamp.isSettled(now: FileStamp.realTimeNow(), marginNanoseconds: settleMarginNanoseconds),
              makeDirectory() == nil, ownershipProblem == nil else { return }
        let lock = open(directory + "/stamps.lock", O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard lock >= 0 else { return }
        defer { close(lock) }
        guard flock(lock, LOCK_EX | LOCK_NB) == 0 else { return }
        var stamps = readStamps().filter { !($0.0.device == stamp.device && $0.0.inode == stamp.inode) }
        stamps.append((stamp, contentHash))
        let text = stamps.suffix(BookCache.maximumStamps).map { BookCache.stampLine($0.0, $0.1) + "\n" }.joined()
        _ = writeAtomically(Array(text.utf8), to: stampsPath)
    }

    // MARK: - Files

    /// The cache file for `key`, if a whole, undamaged one is there. Marks it used.
    public func file(for key: CacheKey) -> MappedCacheFile? {
        guard ownershipProblem == nil else { return nil }
        let path = directory + "/" + key.fileName
        guard let file = MappedCacheFile(path: path, expectedKey: key.value),
              file.contentHash == key.contentHash, file.bookSize == key.bookSize else { return nil }
        markUsed(path)
        return file
    }

    /// The cached search index for `key`, if a whole, undamaged one is there. Marks it used.
    public func openSearchIndex(_ key: CacheKey) -> MappedSearchIndex? {
        guard let file = file(for: key), file.sectionIDs.contains(SearchIndexSection.postings) else { return nil }
        return MappedSearchIndex(file: file)
    }

    /// Writes `index` into the cache file for `key`.
    @discardableResult
    public func storeSearchIndex(_ index: SearchIndex, key: CacheKey, bookName: String) -> String? {
        store(index.cacheSections(), key: key, bookName: bookName)
    }

    /// Writes `sections` into the cache file for `key`, with the sections it already holds
    /// (another part of the book, written earlier), then keeps the directory within its
    /// limit. Returns a one-line reason when it could not be written (the cache then only
    /// costs speed). Two processes storing at once each write a whole file; the second
    /// rename wins, and what it lacks is derived again next time.
    @discardableResult
    func store(_ new: [CacheSection], key: CacheKey, bookName: String) -> String? {
        let ids = Set(new.map(\.id)).union([CacheSectionID.bookName])
        var sections = [CacheSection(id: CacheSectionID.bookName, bytes: Array(bookName.utf8))] + new
        if ownershipProblem == nil, let existing = MappedCacheFile(path: directory + "/" + key.fileName, expectedKey: key.value) {
            sections += existing.sectionIDs.sorted().filter { !ids.contains($0) }.compactMap(existing.storedSection)
        }
        let length = CacheFileWriter.header(key: key, sections: sections).length
        // A limit of 0 keeps nothing, as asked: nothing to say, and nothing kept from before.
        if limitBytes == 0 {
            evict(keeping: "")
            return nil
        }
        if length > limitBytes {
            let parts = CacheSectionID.parts(sections.map(\.id)).joined(separator: ", ")
            return "cache: \(bookName)'s \(parts) would take \(sizeText(length)), more than the cache limit "
                + "(\(sizeText(limitBytes)), ISKRA_CACHE_LIMIT); not cached"
        }
        if let problem = makeDirectory() { return problem }
        if let problem = ownershipProblem { return "cache: \(directory) \(problem); working without a cache" }
        let path = directory + "/" + key.fileName
        if let failure = CacheFileWriter.write(key: key, sections: sections, to: path, temporaryName: temporaryName(for: key.fileName)) {
            return "cache: cannot write in \(directory) (\(BookFile.reason(failure))); working without a cache"
        }
        evict(keeping: key.fileName)
        return nil
    }

    private func temporaryName(for name: String) -> String {
        directory + "/." + name + ".tmp-\(getpid())-\(UInt32.random(in: 0 ... .max))"
    }

    /// Writes a small file through a temporary file and a rename; errno on failure.
    private func writeAtomically(_ bytes: [UInt8], to path: String) -> Int32? {
        let name = path.split(separator: "/").last.map(String.init) ?? "file"
        let temporary = temporaryName(for: name)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { return errno }
        var failure: Int32?
        var done = 0
        while done < bytes.count && failure == nil {
            let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + done, $0.count - done) }
            if count < 0 { if errno != EINTR { failure = errno } } else { done += count }
        }
        if close(descriptor) != 0 && failure == nil { failure = errno }
        if failure == nil && rename(temporary, path) != 0 { failure = errno }
        if failure != nil { unlink(temporary) }
        return failure
    }

    /// Why the directory is not ours to trust (another user owns it, or anyone may write in
    /// it), as for the state directory: a file planted there could pass every check.
    private var ownershipProblem: String? { StateStore.ownershipProblem(directory) }

    /// Creates the directory (and its parents) if needed, mode 0700; a one-line reason on failure.
    private func makeDirectory() -> String? {
        var path = ""
        for component in directory.split(separator: "/") {
            path += "/" + component
            if mkdir(path, 0o700) != 0 && errno != EEXIST {
                return "cache: cannot create \(path) (\(BookFile.reason(errno))); working without a cache"
            }
        }
        return nil
    }

    /// Last use is the file's modification time (set at most once a minute, to spare writes).
    private func markUsed(_ path: String) {
        var status = stat()
        let now = FileStamp.realTimeNow()
        guard stat(path, &status) == 0, Int64(status.st_mtim.tv_sec) + 60 < now.seconds else { return }
        // UTIME_OMIT and UTIME_NOW (Glibc does not import them): keep the access time, set the modification time.
        var times = [timespec(tv_sec: 0, tv_nsec: (1 << 30) - 2), timespec(tv_sec: 0, tv_nsec: (1 << 30) - 1)]
        _ = utimensat(AT_FDCWD, path, &times, 0)
    }

    // MARK: - Listing, clearing, eviction

    public struct Entry: Sendable {
        public var fileName: String
        /// The book's file name when it was cached ("?" for a damaged file).
        public var bookName: String
        public var bytes: Int
        public var bookBytes: Int
        /// Seconds since the epoch.
        public var lastUsed: Int64
        public var damaged: Bool
        /// What is cached of the book: "search index", "people", "sources", "dates".
        public var parts: [String] = []
    }

    /// The files of the cache directory: (name, size, modification time).
    private func files() -> [(name: String, bytes: Int, modified: Int64)] {
        guard let stream = opendir(directory) else { return [] }
        defer { closedir(stream) }
        var out: [(String, Int, Int64)] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard name != "." && name != ".." else { continue }
            var status = stat()
            guard lstat(directory + "/" + name, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { continue }
            out.append((name, Int(status.st_size), Int64(status.st_mtim.tv_sec)))
        }
        return out
    }

    /// Cached books, most recently used first.
    public func entries() -> [Entry] {
        files().filter { $0.name.hasSuffix(".index") && !$0.name.hasPrefix(".") }.map { file in
            let mapped = MappedCacheFile(path: directory + "/" + file.name, expectedKey: nil)
            let intact = mapped.map { hex($0.key) + ".index" == file.name } ?? false
            let parts = intact ? CacheSectionID.parts(mapped!.sectionIDs) : []
            return Entry(fileName: file.name, bookName: intact ? MappedSearchIndex(file: mapped!).bookName : "?",
                         bytes: file.bytes, bookBytes: Int(mapped?.bookSize ?? 0), lastUsed: file.modified, damaged: !intact,
                         parts: parts)
        }.sorted { ($0.lastUsed, $0.fileName) > ($1.lastUsed, $1.fileName) }
    }

    /// Removes every cache file (and recorded stamp); how many books were removed.
    @discardableResult
    public func clear() -> Int {
        var removed = 0
        for file in files() where file.name.hasSuffix(".index") || file.name == "stamps" || file.name.contains(".tmp-") {
            if unlink(directory + "/" + file.name) == 0 && file.name.hasSuffix(".index") && !file.name.hasPrefix(".") {
                removed += 1
            }
        }
        return removed
    }

    /// Removes the least recently used books until the rest fit the limit (never `keeping`,
    /// which was just written and fits on its own), and temporary files an hour old (left by
    /// a process that died while writing).
    func evict(keeping: String) {
        let now = FileStamp.realTimeNow().seconds
        var books: [(name: String, bytes: Int, modified: Int64)] = []
        for file in files() {
            if file.name.hasPrefix(".") && file.name.contains(".tmp-") {
                if file.modified + 3600 < now { unlink(directory + "/" + file.name) }
            } else if file.name.hasSuffix(".index") {
                books.append(file)
            }
        }
        var total = books.reduce(0) { $0 + $1.bytes }
        for book in books.sorted(by: { ($0.modified, $0.name) < ($1.modified, $1.name) }) where total > limitBytes {
            guard book.name != keeping else { continue }
            if unlink(directory + "/" + book.name) == 0 { total -= book.bytes }
        }
    }
}

func sizeText(_ bytes: Int) -> String {
    bytes >= 1 << 20 ? "\(bytes >> 20) MB" : bytes >= 1 << 10 ? "\(bytes >> 10) KB" : "\(bytes) bytes"
}
