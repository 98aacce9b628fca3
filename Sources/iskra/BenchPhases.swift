import IskraCore
#if canImport(Glibc)
import Glibc
#endif

/// `iskra bench --phases [FILE]`: how long each step of opening a book takes, for profiling.
enum BenchPhases {
    static func run(file: String?, megabytes: Int) {
        var path = file ?? BundledContent.bookPath
        var made: (directory: String, path: String)?
        if file == nil, megabytes > 0, let bytes = try? BookFile.readBytes(path: path) {
            made = BenchCache.writeLargeBook(bytes, megabytes: megabytes)
            if let made { path = made.path }
        }
        defer { if let made { unlink(made.path); rmdir(made.directory) } }
        let clock = ContinuousClock()
        var last = clock.now
        func step(_ name: String) {
            let now = clock.now
            print(name.padding(to: 28) + formatMilliseconds(milliseconds(now - last)) + " ms")
            last = now
        }
        let register = loadRegisterOrFail(for: file)
        step("register")
        let bytes = (try? BookFile.readBytes(path: path)) ?? []
        step("read \(bytes.count >> 20) MB")
        let document = Parser.parse(bytes: bytes, path: path)
        step("parse")
        let units = document.makeUnits()
        step("units")
        let prepared = register.map(PreparedRegister.init)
        step("prepare register")
        let book = Book(document: document, prepared: prepared)
        step("book (units, people)")
        _ = units
        let search = BookSearch(book: book)
        step("search index")
        let catalog = SourceCatalog(book: book)
        step("catalog and links")
        let dates = BookDates(book: book, catalog: catalog)
        step("dates")
        // The cache's codecs, from bytes in memory (a cached book would map them).
        func size(_ bytes: [UInt8]) -> String { formatMilliseconds(Double(bytes.count) / 1_048_576) + " MB" }
        func decoded(_ value: Any?) -> String { value == nil ? " (refused!)" : "" }
        let peopleBytes = book.people.cacheBytes()
        step("people encode \(size(peopleBytes))")
        let people = peopleBytes.withUnsafeBytes { PeopleIndex(cacheBytes: $0, unitCount: book.units.count) }
        step("people decode" + decoded(people))
        let catalogBytes = catalog.cacheBytes()
        step("catalog encode \(size(catalogBytes))")
        let cachedCatalog = catalogBytes.withUnsafeBytes { SourceCatalog(cacheBytes: $0, book: book) }
        step("catalog decode" + decoded(cachedCatalog))
        let datesBytes = dates.cacheBytes()
        step("dates encode \(size(datesBytes))")
        let cachedDates = datesBytes.withUnsafeBytes { BookDates(cacheBytes: $0, book: book) }
        step("dates decode" + decoded(cachedDates))
        withExtendedLifetime((search, dates, people, cachedCatalog, cachedDates)) {}
    }
}
