import ArgumentParser
import Explorer
import IskraCore
import TextUI
#if canImport(Glibc)
import Glibc
#endif

/// What a bench run found: JSON fields and the lines printed for people.
final class BenchReport {
    var results: [(String, JSON)] = []
    var lines: [String] = []

    func add(_ key: String, _ label: String, _ milliseconds: Double) {
        results.append((key, .double((milliseconds * 1000).rounded() / 1000)))
        lines.append(label.padding(to: 58) + formatMilliseconds(milliseconds) + " ms")
    }
}

/// Measured numbers, never asserted: `make bench` prints them for the closing notes.
struct Measurement {
    var name: String
    var milliseconds: [Double]

    var median: Double { percentile(0.5) }

    func percentile(_ fraction: Double) -> Double {
        guard !milliseconds.isEmpty else { return 0 }
        let sorted = milliseconds.sorted()
        let index = min(sorted.count - 1, Int((Double(sorted.count - 1) * fraction).rounded(.up)))
        return sorted[index]
    }
}

func measure(_ name: String, runs: Int, _ body: () -> Void) -> Measurement {
    let clock = ContinuousClock()
    var samples: [Double] = []
    samples.reserveCapacity(runs)
    for _ in 0..<runs {
        let elapsed = clock.measure(body)
        samples.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
    }
    return Measurement(name: name, milliseconds: samples)
}

func formatMilliseconds(_ value: Double) -> String {
    let hundredths = Int((value * 100).rounded())
    let fraction = hundredths % 100
    return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
}

extension Iskra {
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure parsing, people matching, search and drawing on the bundled book and a large synthetic one.")

        @Argument(help: "A book to measure (default: the bundled book).")
        var file: String?

        @Flag(help: "Print the results as JSON.")
        var json = false

        /// For profiling: only the search keystrokes on the book, many rounds.
        @Flag(name: .customLong("keystrokes-only"), help: .hidden)
        var keystrokesOnly = false

        /// With --keystrokes-only: type into this many copies of the book.
        @Option(name: .customLong("keystroke-copies"), help: .hidden)
        var keystrokeCopies = 1

        @Option(help: "How many copies of the book make the large synthetic corpus.")
        var copies = 100

        @Option(name: .customLong("large-mb"), help: "Megabytes of the synthetic book whose peak memory is measured (0 skips it).")
        var largeMegabytes = 100

        @Option(name: .customLong("peak-rss-of"), help: .hidden)
        var peakRSSOf: String?

        @Flag(name: .customLong("count-only"), help: "Only the commands, first and second run (cache), beside rg.")
        var countOnly = false

        /// For profiling: time each step of opening FILE (or a 100 MB book of copies).
        @Flag(name: .customLong("phases"), help: .hidden)
        var phases = false

        /// With --phases: digests of every result, to check that a faster build gives the same.
        @Flag(name: .customLong("digest"), help: .hidden)
        var digest = false

        /// With --phases: threads per step at most (0: every core, as the explorer).
        @Option(name: .customLong("threads"), help: .hidden)
        var threads = 0

        func run() throws {
            if let peakRSSOf { BenchMemory.childMain(path: peakRSSOf) }
            if phases { BenchPhases.run(file: file, megabytes: largeMegabytes, threads: threads, digest: digest); return }
            let path = file ?? BundledContent.bookPath
            let bytes: [UInt8]
            do { bytes = try BookFile.readBytes(path: path) } catch { fail(error.description) }
            if countOnly {
                let out = BenchReport()
                reportCachedCounts(bytes, path: path, out)
                printReport(out)
                return
            }
            var large: [UInt8] = []
            large.reserveCapacity((bytes.count + 2) * copies)
            for _ in 0..<copies { large += bytes; large += [0x0A, 0x0A] }

            if keystrokesOnly {
                let copies = max(1, keystrokeCopies)
                var text: [UInt8] = []
                for _ in 0..<copies { text += bytes; if copies > 1 { text += [0x0A, 0x0A] } }
                let book = Book(document: Parser.parse(bytes: text, path: path), register: loadRegisterOrFail(for: file))
                var slow: [(Double, String)] = []
                let keys = keystrokeBench(book: book, rounds: copies == 1 ? 30 : 3, slowest: &slow)
                print("keystroke p50 \(formatMilliseconds(keys.median)) ms, p99 \(formatMilliseconds(keys.percentile(0.99))) ms")
                // The typical cost of each keystroke (median over rounds), slowest first.
                var byQuery: [String: [Double]] = [:]
                for (time, query) in slow { byQuery[query, default: []].append(time) }
                let typical = byQuery.map { ($0.key, $0.value.sorted()[$0.value.count / 2]) }.sorted { $0.1 > $1.1 }
                for (query, time) in typical.prefix(6) { print("  \(formatMilliseconds(time)) ms  \(query)") }
                return
            }
            let out = BenchReport()
            let report = out.add

            let parseBook = measure("parse", runs: 200) { _ = Parser.parse(bytes: bytes, path: path) }
            report("parse_book_median_ms", "parse the book (\(bytes.count / 1024) KB), median", parseBook.median)
            let readParse = measure("read", runs: 100) { _ = try? BookFile.load(path: path) }
            report("read_parse_book_median_ms", "read file + parse the book, median", readParse.median)
            let parseLarge = measure("parse large", runs: 7) { _ = Parser.parse(bytes: large, path: "synthetic") }
            report("parse_large_median_ms",
                   "parse \(copies) copies (\(large.count / 1_048_576) MB), median", parseLarge.median)
            out.results.append(("large_corpus_bytes", .int(large.count)))

            // A hard-wrapped book of about 4 MB (the book's paragraphs wrapped at 70 columns,
            // repeated): the layout is read from a sample, lines are joined into paragraphs.
            let wrapped = hardWrappedBook(from: bytes, megabytes: 4)
            let parseWrapped = measure("parse hard-wrapped", runs: 7) { _ = Parser.parse(bytes: wrapped, path: "wrapped") }
            report("parse_hard_wrapped_median_ms",
                   "parse a hard-wrapped book (\(wrapped.count / 1_048_576) MB), median", parseWrapped.median)
            let openWrapped = measure("open hard-wrapped", runs: 5) {
                // As the explorer opens a book without a register: parse, propose people, match them.
                let document = Parser.parse(bytes: wrapped, path: "wrapped")
                let proposed = PeopleSuggester.register(from: PeopleSuggester.suggest(document: document))
                _ = Book(document: document, register: proposed)
            }
            report("open_hard_wrapped_with_people_median_ms",
                   "parse + propose + match people, hard-wrapped book, median", openWrapped.median)

            let document = Parser.parse(bytes: bytes, path: path)
            let register = loadRegisterOrFail(for: file)
                ?? PeopleSuggester.register(from: PeopleSuggester.suggest(document: document))
            let units = document.makeUnits()
            let people = measure("people", runs: 50) {
                _ = PeopleIndex(units: units, register: register, sources: document.sources)
            }
            report("people_match_book_median_ms", "match all people in the book, median", people.median)
            let index = measure("search index", runs: 20) { _ = SearchIndex(document: document) }
            report("search_index_book_median_ms", "build the search index for the book, median", index.median)

            let book = Book(document: document, register: register)
            let catalog = measure("catalog", runs: 50) { _ = SourceCatalog(book: book) }
            report("sources_catalog_book_median_ms", "source metadata + narrative links for the book, median", catalog.median)
            let timeline = measure("dates", runs: 50) { _ = BookDates(book: book) }
            report("dates_book_median_ms", "every date in the book (timeline), median", timeline.median)
            let builtCatalog = SourceCatalog(book: book)
            let timelineAfter = measure("dates", runs: 50) { _ = BookDates(book: book, catalog: builtCatalog) }
            report("dates_book_given_catalog_median_ms", "every date in the book, the catalog built, median", timelineAfter.median)
            let frames = frameBench(book: book)
            report("frame_200x60_render_diff_median_ms", "render + diff a 200x60 frame, median", frames.median)
            report("frame_200x60_render_diff_p99_ms", "render + diff a 200x60 frame, p99", frames.percentile(0.99))

            let firstFrame = firstFrameBench()
            if let firstFrame {
                report("first_frame_median_ms", "process start to first frame (headless), median", firstFrame.median)
            }

            var searchResults: [(String, JSON)] = []
            let bookKeys = keystrokeBench(book: book)
            report("search_keystroke_book_p50_ms", "search keystroke to finished frame, book, p50", bookKeys.median)
            report("search_keystroke_book_p99_ms", "search keystroke to finished frame, book, p99", bookKeys.percentile(0.99))
            searchResults.append(("book", .object([
                ("search_keystroke_p50_ms", .double(rounded(bookKeys.median))),
                ("search_keystroke_p99_ms", .double(rounded(bookKeys.percentile(0.99)))),
            ])))
            let largeDocument = Parser.parse(bytes: large, path: "synthetic")
            let clock = ContinuousClock()
            var largeBook: Book!
            var largeSearch: BookSearch!
            let buildLarge = clock.measure {
                largeBook = Book(document: largeDocument, register: register)
                largeSearch = BookSearch(book: largeBook)
            }
            report("large_book_people_and_search_build_ms", "people + search index for \(copies) copies",
                   milliseconds(buildLarge))
            let largeCatalog = clock.measure { _ = SourceCatalog(book: largeBook) }
            report("sources_catalog_large_ms", "source metadata + narrative links for \(copies) copies", milliseconds(largeCatalog))
            let largeDates = clock.measure { _ = BookDates(book: largeBook) }
            report("dates_large_ms", "every date in \(copies) copies (timeline)", milliseconds(largeDates))
            let largeKeys = keystrokeBench(book: largeBook, search: largeSearch, rounds: 1)
            report("search_keystroke_large_p50_ms", "search keystroke to finished frame, \(copies) copies, p50", largeKeys.median)
            report("search_keystroke_large_p99_ms", "search keystroke to finished frame, \(copies) copies, p99",
                   largeKeys.percentile(0.99))
            searchResults.append(("large", .object([
                ("search_keystroke_p50_ms", .double(rounded(largeKeys.median))),
                ("search_keystroke_p99_ms", .double(rounded(largeKeys.percentile(0.99)))),
            ])))
            out.results.append(("search", .object(searchResults)))

            reportLargeBookMemory(bytes, out)
            reportCachedCounts(bytes, path: path, out)
            printReport(out)
        }

        func printReport(_ out: BenchReport) {
            if json {
                printJSON(JSON.object(out.results))
            } else {
                print("iskra bench (release numbers are the ones that count)")
                for line in out.lines { print("  " + line) }
            }
        }

        /// `search --count` cold and warm beside rg, on the book and a large book of its copies.
        func reportCachedCounts(_ bytes: [UInt8], path: String, _ out: BenchReport) {
            if let result = BenchCache.measure(book: path, label: "book", key: "book", coldRuns: 7, warmRuns: 21) {
                BenchCache.report(result, to: out)
            }
            BenchCommands.measure(book: path, label: "book", key: "book", coldRuns: 5, warmRuns: 11, out)
            // The content hash the cache keys books by, beside the FNV-1a that names state files.
            var text: [UInt8] = []
            while text.count < 100 << 20 { text += bytes }
            let fnv = measure("fnv", runs: 3) { _ = BookIdentity.hash(text) }
            let xxh = measure("xxh64", runs: 3) { _ = ContentHasher.hash(text) }
            out.add("hash_fnv1a_100mb_median_ms", "hash 100 MB in memory: FNV-1a (state files), median", fnv.median)
            out.add("hash_xxh64_100mb_median_ms", "hash 100 MB in memory: XXH64 blocks (cache), median", xxh.median)
            guard largeMegabytes > 0, let large = BenchCache.writeLargeBook(bytes, megabytes: largeMegabytes) else { return }
            defer { unlink(large.path); rmdir(large.directory) }
            if let result = BenchCache.measure(book: large.path, label: "\(largeMegabytes) MB", key: "large",
                                               coldRuns: 3, warmRuns: 11) {
                BenchCache.report(result, to: out)
            }
            BenchCommands.measure(book: large.path, label: "\(largeMegabytes) MB", key: "large", coldRuns: 2, warmRuns: 3, out)
        }
    }
}

/// The book's text hard-wrapped at 70 columns, a blank line between paragraphs, repeated to
/// about `megabytes`.
func hardWrappedBook(from bytes: [UInt8], megabytes: Int) -> [UInt8] {
    var once: [UInt8] = []
    for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
        var width = 0
        for word in line.split(separator: " ") {
            let count = word.unicodeScalars.count
            if width > 0 && width + 1 + count > 70 {
                once.append(0x0A)
                width = 0
            } else if width > 0 {
                once.append(0x20)
                width += 1
            }
            once += Array(word.utf8)
            width += count
        }
        once += [0x0A, 0x0A]
    }
    var book: [UInt8] = []
    book.reserveCapacity(megabytes << 20 + once.count)
    while book.count < megabytes << 20 { book += once }
    return book
}

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.attoseconds) / 1e15 + Double(duration.components.seconds) * 1000
}

func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }

/// Queries typed one key at a time, as a reader would: each keystroke is reduced (the search
/// runs) and the frame rendered and diffed against the previous one, as the runtime does.
let benchQueries = ["kronstadt", "trotsky", "lenin stalin", "\"permanent revolution\"", "t", "a",
                    "in:sources trial", "emigre", "petrograd soviet"]

func keystrokeBench(book: Book, search: BookSearch? = nil, rounds: Int = 3,
                    slowest: UnsafeMutablePointer<[(Double, String)]>? = nil) -> Measurement {
    // The explorer builds the index in the background after its first frame; do it first here too.
    let search = search ?? BookSearch(book: book)
    let clock = ContinuousClock()
    let theme = Theme(capability: .palette256)
    var samples: [Double] = []
    for _ in 0..<rounds {
        for query in benchQueries {
            var state = AppState(book: book, size: Size(width: 120, height: 40), search: search)
            _ = reduce(&state, .input(.key(.character("/"))))
            var previous = render(state, theme: theme)
            for character in query {
                var frame = ScreenBuffer(size: state.size)
                let elapsed = clock.measure {
                    _ = reduce(&state, .input(.key(.character(character))))
                    render(state, theme: theme, into: &frame)
                    _ = frame.changedRuns(since: previous)
                }
                previous = frame
                samples.append(milliseconds(elapsed))
                slowest?.pointee.append((milliseconds(elapsed), state.search?.query ?? ""))
            }
        }
    }
    return Measurement(name: "keystroke", milliseconds: samples)
}

/// A full 200x60 frame of a chapter, scrolled one line between frames so the diff has work.
func frameBench(book: Book) -> Measurement {
    let theme = Theme(capability: .palette256)
    // As the explorer draws once its background jobs are in: margin marks, chapters' years.
    let catalog = SourceCatalog(book: book)
    var state = AppState(book: book, size: Size(width: 200, height: 60), catalog: catalog)
    _ = reduce(&state, .datesReady(BookDates(book: book, catalog: catalog)))
    for key: Key in [.down, .down, .down, .down, .down, .down, .down, .down, .enter] {
        _ = reduce(&state, .input(.key(key)))
    }
    var previous = render(state, theme: theme)
    return measure("frame", runs: 300) {
        _ = reduce(&state, .input(.key(.character(state.readerTop >= state.maxReaderTop ? "g" : "j"))))
        var frame = ScreenBuffer(size: state.size)
        render(state, theme: theme, into: &frame)
        _ = frame.changedRuns(since: previous)
        previous = frame
    }
}

/// Spawns `iskra --headless-first-frame` (at 120x40, with an empty state directory, as on a
/// first start) and times it from spawn to the line it prints once the frame is drawn: process
/// start, loading the book and register, indexes, state, the terminal set up, the first frame
/// drawn (not the exit after it).
func firstFrameBench(runs: Int = 31) -> Measurement? {
    var template = Array("/tmp/iskra-first-frame-XXXXXX".utf8CString)
    guard let directory = mkdtemp(&template) else { return nil }
    let stateHome = String(cString: directory)
    defer { rmdir(stateHome + "/iskra"); rmdir(stateHome) }
    var samples: [Double] = []
    for _ in 0..<runs {
        let start = monotonicNanoseconds()
        guard let child = BenchMemory.spawnSelf(["--headless-first-frame"],
                                                environment: ["COLUMNS=120", "LINES=40", "XDG_STATE_HOME=" + stateHome])
        else { return nil }
        var byte: UInt8 = 0
        var got = 0
        repeat { got = read(child.output, &byte, 1) } while got < 0 && errno == EINTR
        let drawn = monotonicNanoseconds()
        close(child.output)
        guard BenchMemory.waitExit(child.pid) == 0, got == 1 else { return nil }
        samples.append(Double(drawn - start) / 1_000_000)
    }
    return Measurement(name: "first frame", milliseconds: samples)
}

extension String {
    func padding(to width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}

// MARK: Memory of a large book (see BenchMemory.swift)

extension Iskra.Bench {
    func reportLargeBookMemory(_ bytes: [UInt8], _ out: BenchReport) {
        let report = out.add
        guard largeMegabytes > 0 else { return }
        guard let memory = BenchMemory.measureLargeBook(book: bytes, megabytes: largeMegabytes) else {
            out.lines.append("peak RSS of a \(largeMegabytes) MB book: could not measure")
            return
        }
        let megabytes = Double(memory.fileBytes) / 1_048_576
        let target = BenchMemory.targetBytes(fileSize: memory.fileBytes)
        report("large_book_load_ms", "open a \(Int(megabytes.rounded())) MB book (read, parse, people, search index, sources)", memory.loadMilliseconds)
        out.results.append(("large_book_bytes", .int(memory.fileBytes)))
        out.results.append(("large_book_peak_rss_kb", .int(memory.peakKilobytes)))
        out.results.append(("large_book_peak_rss_target_kb", .int(target / 1024)))
        out.results.append(("large_book_peak_rss_within_target", .bool(memory.withinTarget)))
        let peak = Double(memory.peakKilobytes) / 1024
        let ratio = Double(memory.peakKilobytes * 1024) / Double(memory.fileBytes)
        out.lines.append("peak RSS opening it".padding(to: 58) + "\(Int(peak.rounded())) MB (\(formatMilliseconds(ratio)) x file size)")
        out.lines.append("target: under 3 x file size + 20 MB".padding(to: 58)
                     + "\(target / 1_048_576) MB: \(memory.withinTarget ? "met" : "NOT MET")")
    }
}
