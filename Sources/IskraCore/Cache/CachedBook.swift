import Synchronization

/// A book's place in the cache, for a process that has read and parsed the book: each part
/// derived from it (people, search index, sources, dates) is read from the cache file when
/// it is there and whole, else derived and stored for next time. A part that cannot be read
/// back is derived again: the cache only ever costs or saves time.
public final class CachedBook: Sendable {
    public let cache: BookCache
    public let key: CacheKey
    let bookName: String
    /// The register and sidecar beside the book: the key holds their hash as it was before
    /// the register was read, and nothing is stored once they changed (what was derived may
    /// come from either version).
    let companions: [String]
    /// The file as it was when the book was opened (nil: nothing cached yet).
    let file: Mutex<MappedCacheFile?>
    /// Why a part could not be stored, said once (a full or read-only directory).
    private let problem = Mutex<String?>(nil)
    private let problemTaken = Atomic<Bool>(false)

    public init(cache: BookCache, key: CacheKey, bookName: String, companions: [String]) {
        self.cache = cache
        self.key = key
        self.bookName = bookName
        self.companions = companions
        self.file = Mutex(cache.file(for: key))
    }

    /// What cached parts there were on opening: "people", "search index", ...
    public var cachedParts: [String] { file.withLock { $0.map { CacheSectionID.parts($0.sectionIDs) } ?? [] } }

    /// The first reason a part could not be stored, once (nil after, or when all went well).
    public func takeProblem() -> String? {
        guard let said = problem.withLock({ $0 }), !problemTaken.exchange(true, ordering: .relaxed) else { return nil }
        return said
    }

    private func section(_ id: UInt32) -> UnsafeRawBufferPointer? {
        file.withLock { $0?.section(id, width: 1) }
    }

    /// Parts stored from several threads go one at a time, each merged with the file the one
    /// before wrote.
    private let storing = Mutex(())

    private func store(_ sections: [CacheSection]) {
        guard BookCache.companionsHash(companions) == key.companionsHash else { return }
        if let failed = storing.withLock({ _ in cache.store(sections, key: key, bookName: bookName) }) {
            problem.withLock { if $0 == nil { $0 = failed } }
        }
    }

    // MARK: Parts

    /// The book's people: from the cache, or found (the register's, or proposed) and stored.
    public func people(document: Document, units: [TextUnit], prepared: PreparedRegister?) -> PeopleIndex {
        if let bytes = section(CacheSectionID.people), let cached = PeopleIndex(cacheBytes: bytes, unitCount: units.count) {
            return cached
        }
        let found = Book.findPeople(document: document, units: units, prepared: prepared)
        store([CacheSection(id: CacheSectionID.people, bytes: found.cacheBytes())])
        return found
    }

    /// The book, its people from the cache when they are there. `stateHash`: the hash that
    /// names its state file (`BookIdentity`), kept for the next open when not kept yet.
    public func book(document: Document, prepared: PreparedRegister?, stateHash: UInt64? = nil) -> Book {
        let units = document.makeUnits()
        let book = Book(document: document, units: units, people: people(document: document, units: units, prepared: prepared),
                        peopleVerified: prepared != nil)
        if let stateHash, self.stateHash != stateHash {
            store([CacheSection(id: CacheSectionID.stateHash, values: [stateHash])])
        }
        return book
    }

    /// The hash that names the book's state file, if the cache kept it.
    public var stateHash: UInt64? { file.withLock { $0.flatMap(CachedBook.stateHash) } }

    static func stateHash(in file: MappedCacheFile) -> UInt64? {
        guard let values = file.elements(CacheSectionID.stateHash, as: UInt64.self), values.count == 1 else { return nil }
        return UInt64(littleEndian: values[0])
    }

    /// The search index: its vocabulary and postings from the cache, or built and stored.
    public func searchIndex(for book: Book) -> SearchIndex { searchIndex(document: book.document, units: book.units) }

    /// The search index of a document and its units (`document.makeUnits()`), for a search
    /// that needs no people.
    public func searchIndex(document: Document, units: [TextUnit]) -> SearchIndex {
        if let mapped = file.withLock({ $0 }), let cached = SearchIndex(document: document, units: units, cached: mapped) {
            return cached
        }
        let built = SearchIndex(document: document, units: units)
        store(built.cacheSections())
        return built
    }

    /// The sources' metadata and links, and every date: from the cache, or derived and stored.
    public func catalogAndDates(for book: Book) -> (SourceCatalog, BookDates) {
        let cachedCatalog = section(CacheSectionID.catalog).flatMap { SourceCatalog(cacheBytes: $0, book: book) }
        let cachedDates = section(CacheSectionID.dates).flatMap { BookDates(cacheBytes: $0, book: book) }
        let catalog = cachedCatalog ?? SourceCatalog(book: book)
        let dates = cachedDates ?? BookDates(book: book, catalog: catalog)
        var derived: [CacheSection] = []
        if cachedCatalog == nil { derived.append(CacheSection(id: CacheSectionID.catalog, bytes: catalog.cacheBytes())) }
        if cachedDates == nil { derived.append(CacheSection(id: CacheSectionID.dates, bytes: dates.cacheBytes())) }
        if !derived.isEmpty { store(derived) }
        return (catalog, dates)
    }

    /// The sources' metadata and links alone (dates are derived with them when missing).
    public func catalog(for book: Book) -> SourceCatalog { catalogAndDates(for: book).0 }
}

/// A book's parts through its place in the cache, or derived when it has none (`--no-cache`,
/// a pipe, a book that changed while it was read): callers ask the same way either way.
extension Optional where Wrapped == CachedBook {
    public func book(document: Document, prepared: PreparedRegister?, stateHash: UInt64? = nil) -> Book {
        self?.book(document: document, prepared: prepared, stateHash: stateHash) ?? Book(document: document, prepared: prepared)
    }

    public func searchIndex(for book: Book) -> SearchIndex {
        self?.searchIndex(for: book) ?? SearchIndex(document: book.document, units: book.units)
    }

    public func searchIndex(document: Document, units: [TextUnit]) -> SearchIndex {
        self?.searchIndex(document: document, units: units) ?? SearchIndex(document: document, units: units)
    }

    public func catalogAndDates(for book: Book) -> (SourceCatalog, BookDates) {
        if let self { return self.catalogAndDates(for: book) }
        let catalog = SourceCatalog(book: book)
        return (catalog, BookDates(book: book, catalog: catalog))
    }

    public func catalog(for book: Book) -> SourceCatalog { self?.catalog(for: book) ?? SourceCatalog(book: book) }
}
