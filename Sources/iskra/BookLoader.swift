import Dispatch
import IskraCore
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Reads, parses and prepares a book on a background thread, so that the terminal stays live
/// (a progress screen, q and Ctrl-C, resizes) while a large book loads. Parsing starts at once;
/// the people register, read and prepared meanwhile on the caller's thread (where a bad one
/// can still stop the program before the terminal changes), is handed over with
/// `provide(people:)`. The parser is pure and `Book` is Sendable: the only shared state is
/// the progress counter, the register handed over and the result.
final class BookLoader: Sendable {
    let path: String
    /// Bytes of the file handled so far, and the file's size (0 until it is read).
    private let bytesDone = Atomic<Int>(0)
    private let bytesTotal = Atomic<Int>(0)
    /// Bytes read from a pipe, whose size is not known until it ends (-1 for a file).
    private let pipeBytes = Atomic<Int>(-1)
    private let outcome = Mutex<Result<LoadedBook, BookFileError>?>(nil)
    private let finished = DispatchSemaphore(value: 0)
    /// The register (nil inside: none, so people are proposed), once provided.
    private let people = Mutex<PreparedRegister??>(nil)
    private let peopleProvided = DispatchSemaphore(value: 0)
    /// Told of progress as it changes (by a whole percent, or a megabyte of a pipe), once
    /// someone waits with `wait(reporting:)`.
    private let reporter = Mutex<(@Sendable (Double, Int?) -> Void)?>(nil)
    private let lastReported = Atomic<Int>(-1)
    /// A large book's opening (see `BookPreview`), made on the other core while the whole
    /// book parses, and who is told of it; whichever of the two comes second delivers it.
    private let preview = Mutex<(book: Book?, tell: (@Sendable (Book) -> Void)?)>((nil, nil))

    /// Where what is derived from the book is kept between runs (nil: derive it all).
    let cache: BookCache?
    /// Where the reader's place is kept, and whether it is to be ignored (`--fresh`): a
    /// reader who left off somewhere is not shown the opening first.
    let stateDirectory: String?
    let fresh: Bool

    /// The register's and sidecar's hash, taken before the register is read (see `CachedBook`).
    let companionsHash: UInt64

    init(path: String, cache: BookCache? = nil, stateDirectory: String? = nil, fresh: Bool = true) {
        self.path = path
        self.cache = cache
        self.companionsHash = BookCache.companionsHash(companionPaths(ofBook: path))
        self.stateDirectory = stateDirectory
        self.fresh = fresh
    }

    /// Starts reading and parsing on a global queue; returns at once. The book is prepared
    /// once `provide(people:)` has been called.
    func start() {
        DispatchQueue.global(qos: .userInitiated).async { [self] in makePreview() }
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            let result = Result { () throws(BookFileError) -> LoadedBook in
                let progress = { (done: Int, total: Int) in
                    self.bytesTotal.store(total, ordering: .relaxed)
                    self.bytesDone.store(done, ordering: .relaxed)
                    self.report(step: Int(self.fraction * 100))
                }
                let parsed = try BookLoader.parse(path: path, cache: cache, companionsHash: companionsHash, progress: progress) { read in
                    self.pipeBytes.store(read, ordering: .relaxed)
                    self.report(step: read >> 20)
                }
                peopleProvided.wait()
                peopleProvided.signal() // the preview's thread may wait for it too
                let prepared = people.withLock { $0 } ?? nil
                return BookLoader.prepare(parsed, people: prepared, progress: progress)
            }
            outcome.withLock { $0 = result }
            finished.signal()
        }
    }

    /// Makes the preview of a large book from its first bytes, unless the whole book is in first.
    private func makePreview() {
        // The size first: a small book (most) costs this thread one stat, not the state file's read.
        guard let opening = BookLoader.readOpening(path: path), !returnsToASavedPlace else { return }
        peopleProvided.wait()
        peopleProvided.signal() // the loading thread waits for it too
        let prepared = people.withLock { $0 } ?? nil
        guard outcome.withLock({ $0 == nil }), let book = BookPreview.make(opening: opening, path: path, people: prepared) else { return }
        let tell = preview.withLock { preview in
            preview.book = book
            return preview.tell
        }
        tell?(book)
    }

    /// Whether the explorer will open where the reader left off (known from the cache
    /// without reading the book): then the book's opening would only flash before the jump.
    var returnsToASavedPlace: Bool {
        guard !fresh, let cache, let stateDirectory,
              let stateHash = cache.stateHash(forBookAt: path, companions: companionPaths(ofBook: path)) else { return false }
        let store = StateStore(identity: BookIdentity(hashValue: stateHash, path: path), directory: stateDirectory, readOnly: true)
        guard let place = store.position else { return false }
        // Left at the very top: the opening is where the book opens.
        return !(place.page == .chapter && place.index == 0 && place.line == nil)
    }

    /// The first `BookPreview.openingBytes` of a regular file of at least
    /// `BookPreview.minimumBookBytes` (nil for a small book, a pipe, or a read error).
    private static func readOpening(path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG,
              Int(status.st_size) >= BookPreview.minimumBookBytes else { return nil }
        var bytes = [UInt8](repeating: 0, count: BookPreview.openingBytes)
        var done = 0
        while done < bytes.count {
            let count = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + done, $0.count - done, off_t(done)) }
            if count < 0 { if errno == EINTR { continue }; return nil }
            if count == 0 { break }
            done += count
        }
        return Array(bytes[..<done])
    }

    /// Hands over the book's register, prepared (nil: it has none).
    func provide(people prepared: PreparedRegister?) {
        people.withLock { $0 = .some(prepared) }
        peopleProvided.signal()
    }

    /// How far loading is, 0...1 (parsing counts for most of it; preparing the book the rest).
    var fraction: Double {
        let total = bytesTotal.load(ordering: .relaxed)
        guard total > 0 else { return 0 }
        return min(1, Double(bytesDone.load(ordering: .relaxed)) / Double(total))
    }

    /// For a pipe (no size to give a fraction of): the bytes read so far; nil for a file.
    var pipeBytesRead: Int? {
        let read = pipeBytes.load(ordering: .relaxed)
        return read >= 0 ? read : nil
    }

    /// Calls the reporter when progress reached a new `step` (a percent, or a megabyte read).
    private func report(step: Int) {
        guard lastReported.exchange(step, ordering: .relaxed) != step else { return }
        reporter.withLock { $0 }?(fraction, pipeBytesRead)
    }

    /// Waits for the result, telling `progress` how far loading is as it goes, and
    /// `showPreview` of a large book's opening if it is ready before the whole book.
    func wait(reporting progress: @escaping @Sendable (Double, Int?) -> Void,
              showPreview: @escaping @Sendable (Book) -> Void = { _ in }) -> Result<LoadedBook, BookFileError> {
        reporter.withLock { $0 = progress }
        if let made = preview.withLock({ preview in
            preview.tell = showPreview
            return preview.book
        }) { showPreview(made) }
        progress(fraction, pipeBytesRead)
        finished.wait()
        finished.signal() // leave the semaphore signalled for any later wait
        return outcome.withLock { $0 }!
    }

    /// Read, parse and prepare in one go (for commands that need no terminal), the people
    /// from `cache` when it has them. `companionsHash`: the register's and sidecar's hash, taken
    /// before `register` was read (by default, now).
    static func load(path: String, register: PeopleRegister?, cache: BookCache? = nil,
                     companionsHash: UInt64? = nil) throws(BookFileError) -> LoadedBook {
        let parsed = try parse(path: path, cache: cache, companionsHash: companionsHash, progress: { _, _ in })
        return prepare(parsed, people: register.map(PreparedRegister.init)) { _, _ in }
    }

    struct Parsed {
        let document: Document
        let total: Int
        /// Nil when not asked for (`identifying`).
        let identity: BookIdentity?
        /// The hash `identity` is named by, to keep in the cache.
        let stateHash: UInt64?
        /// The book's place in the cache (nil without a cache, for a pipe, or a file that
        /// changed while it was read).
        let cached: CachedBook?
    }

    /// Reads and parses, reporting progress as (work done, total work) in bytes of the file:
    /// parsing is the first 90%, preparing the book the rest. The file is read and parsed a
    /// few megabytes at a time, so its bytes are never all in memory beside the document.
    /// `pipeProgress`: told the bytes read so far when the file is a pipe (its size unknown).
    /// `identifying`: hash the bytes for the state file's name too (commands that keep no state skip it).
    /// `companionsHash`: the register's and sidecar's hash, taken before the register was read
    /// (nil: now, for a caller that reads the register after).
    static func parse(path: String, cache: BookCache?, identifying: Bool = true, companionsHash: UInt64? = nil,
                      progress: (Int, Int) -> Void, pipeProgress: (Int) -> Void = { _ in }) throws(BookFileError) -> Parsed {
        let companions = companionPaths(ofBook: path)
        let companionsHash = cache == nil ? 0 : companionsHash ?? BookCache.companionsHash(companions)
        let reader = try BookFile.Reader(path: path)
        // The cache's key is the content's hash, made as the bytes go by.
        let stampBefore = cache == nil ? nil : reader.stamp
        var contentHasher = ContentHasher()
        let isPipe = reader.isPipe
        if isPipe { pipeProgress(0) }
        let total = max(1, reader.expectedSize)
        let parseShare = total / 10 * 9
        progress(0, total)
        var hash = BookIdentity.hash([])
        let document = Parser.parse(path: path, progress: { _ in
            progress(min(parseShare, Int(Double(reader.bytesRead) / Double(total) * Double(parseShare))), total)
        }, read: { chunk in
            guard reader.next(into: &chunk) else { return false }
            if isPipe { pipeProgress(reader.bytesRead) }
            if identifying { hash = BookIdentity.hash(chunk, continuing: hash) }
            if stampBefore != nil { chunk.withUnsafeBytes { contentHasher.add($0) } }
            return true
        })
        if let error = reader.error { throw error }
        progress(parseShare, total)
        var cached: CachedBook?
        if let cache, let stampBefore, reader.stamp == stampBefore {
            let key = cache.key(contentHash: contentHasher.finish(), size: reader.bytesRead, stamp: stampBefore,
                                companionsHash: companionsHash)
            cached = CachedBook(cache: cache, key: key, bookName: fileName(of: path), companions: companions)
        }
        return Parsed(document: document, total: total, identity: identifying ? BookIdentity(hashValue: hash, path: path) : nil,
                      stateHash: identifying ? hash : nil, cached: cached)
    }

    private static func prepare(_ parsed: Parsed, people: PreparedRegister?, progress: (Int, Int) -> Void) -> LoadedBook {
        let book = parsed.cached.book(document: parsed.document, prepared: people, stateHash: parsed.stateHash)
        progress(parsed.total, parsed.total)
        // Loading for the explorer or a state file always identifies the book.
        return LoadedBook(book: book, identity: parsed.identity ?? BookIdentity(hashValue: 0, path: parsed.document.path),
                          cached: parsed.cached)
    }
}

/// A prepared book and the identity its saved state is filed under.
struct LoadedBook: Sendable {
    let book: Book
    let identity: BookIdentity
    /// Its place in the cache, for the parts derived after it opens (index, sources, dates).
    var cached: CachedBook?
    /// Its sidecar (`BOOK.meta`), for citations, and what in it could not be read.
    var metadata = BookMetadata()
    var metadataProblems: [String] = []
}
