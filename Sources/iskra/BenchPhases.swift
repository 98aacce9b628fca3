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
        withExtendedLifetime((search, dates)) {}
    }
}
