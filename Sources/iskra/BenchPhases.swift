import Dispatch
import IskraCore
#if canImport(Glibc)
import Glibc
#endif

/// `iskra bench --phases [FILE]`: how long each step of opening a book takes, for profiling:
/// the time it took, the processor time all threads spent (more than the time when a step
/// runs on several cores, less when it waited for one), and the peak resident memory so far.
enum BenchPhases {
    /// `threads`: at most this many threads per step (0: as the explorer, every core from 1 MB).
    /// `digest`: print digests of every result, to check that a faster build gives the same.
    static func run(file: String?, megabytes: Int, threads: Int = 0, digest: Bool = false) {
        var path = file ?? BundledContent.bookPath
        var made: (directory: String, path: String)?
        if file == nil, megabytes > 0, let bytes = try? BookFile.readBytes(path: path) {
            made = BenchCache.writeLargeBook(bytes, megabytes: megabytes)
            if let made { path = made.path }
        }
        defer { if let made { unlink(made.path); rmdir(made.directory) } }
        let parallelism = threads > 0 ? Parallelism(workers: threads, minimumBytes: 0) : .automatic
        let clock = ContinuousClock()
        var last = clock.now
        var lastCPU = processorMilliseconds()
        print("step".padding(to: 34) + "time ms".leftPadding(to: 10) + "cpu ms".leftPadding(to: 10)
              + "peak MB".leftPadding(to: 10))
        func step(_ name: String) {
            let now = clock.now, cpu = processorMilliseconds()
            let peak = (BenchMemory.statusKilobytes("VmHWM:") ?? 0) / 1024
            print(name.padding(to: 34) + formatMilliseconds(milliseconds(now - last)).leftPadding(to: 10)
                  + formatMilliseconds(cpu - lastCPU).leftPadding(to: 10) + String(peak).leftPadding(to: 10))
            last = now
            lastCPU = cpu
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
        if let prepared {
            _ = PeopleIndex(units: units, prepared: prepared, sources: document.sources, parallelism: parallelism)
            step("people")
        }
        let book = Book(document: document, prepared: prepared)
        step("book (units again, people again)")
        let index = SearchIndex(document: document, units: book.units, parallelism: parallelism)
        step("search index")
        let catalog = SourceCatalog(book: book, parallelism: parallelism)
        step("catalog and links")
        let dates = BookDates(book: book, catalog: catalog, parallelism: parallelism)
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
        withExtendedLifetime((people, cachedCatalog, cachedDates)) {}
        // As the explorer builds them once the book is shown: two jobs side by side.
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { _ = SearchIndex(document: document, units: book.units, parallelism: parallelism) }
        DispatchQueue.global().async(group: group) {
            _ = BookDates(book: book, catalog: SourceCatalog(book: book, parallelism: parallelism), parallelism: parallelism)
        }
        group.wait()
        step("index | catalog, dates (jobs)")
        if digest {
            for (name, value) in ResultsDigest.lines(book: book, index: index, catalog: catalog, dates: dates) {
                print(name.padding(to: 34) + value)
            }
        }
        withExtendedLifetime((index, dates)) {}
    }

    /// Processor time used so far by every thread of the process.
    static func processorMilliseconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func ms(_ t: timeval) -> Double { Double(t.tv_sec) * 1000 + Double(t.tv_usec) / 1000 }
        return ms(usage.ru_utime) + ms(usage.ru_stime)
    }
}

extension String {
    fileprivate func leftPadding(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
