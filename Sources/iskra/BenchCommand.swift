import ArgumentParser
import IskraCore

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

        @Option(help: "How many copies of the book make the large synthetic corpus.")
        var copies = 100

        @Option(name: .customLong("large-mb"), help: "Megabytes of the synthetic book whose peak memory is measured (0 skips it).")
        var largeMegabytes = 100

        @Option(name: .customLong("peak-rss-of"), help: .hidden)
        var peakRSSOf: String?

        func run() throws {
            if let peakRSSOf { BenchMemory.childMain(path: peakRSSOf) }
            let path = file ?? BundledContent.bookPath
            let bytes: [UInt8]
            do { bytes = try BookFile.readBytes(path: path) } catch { fail(error.description) }
            var large: [UInt8] = []
            large.reserveCapacity((bytes.count + 2) * copies)
            for _ in 0..<copies { large += bytes; large += [0x0A, 0x0A] }

            var results: [(String, JSON)] = []
            var lines: [String] = []
            func report(_ key: String, _ label: String, _ value: Double) {
                results.append((key, .double((value * 1000).rounded() / 1000)))
                lines.append(label.padding(to: 58) + formatMilliseconds(value) + " ms")
            }

            let parseBook = measure("parse", runs: 200) { _ = Parser.parse(bytes: bytes, path: path) }
            report("parse_book_median_ms", "parse the book (\(bytes.count / 1024) KB), median", parseBook.median)
            let readParse = measure("read", runs: 100) { _ = try? BookFile.load(path: path) }
            report("read_parse_book_median_ms", "read file + parse the book, median", readParse.median)
            let parseLarge = measure("parse large", runs: 7) { _ = Parser.parse(bytes: large, path: "synthetic") }
            report("parse_large_median_ms",
                   "parse \(copies) copies (\(large.count / 1_048_576) MB), median", parseLarge.median)
            results.append(("large_corpus_bytes", .int(large.count)))

            reportLargeBookMemory(bytes, report: report, results: &results, lines: &lines)

            if json {
                print(JSON.object(results).serialized(indent: 2))
            } else {
                print("iskra bench (release numbers are the ones that count)")
                for line in lines { print("  " + line) }
            }
        }
    }
}

extension String {
    func padding(to width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}

// MARK: Memory of a large book (see BenchMemory.swift)

extension Iskra.Bench {
    func reportLargeBookMemory(_ bytes: [UInt8], report: (String, String, Double) -> Void,
                               results: inout [(String, JSON)], lines: inout [String]) {
        guard largeMegabytes > 0 else { return }
        guard let memory = BenchMemory.measureLargeBook(book: bytes, megabytes: largeMegabytes) else {
            lines.append("peak RSS of a \(largeMegabytes) MB book: could not measure")
            return
        }
        let megabytes = Double(memory.fileBytes) / 1_048_576
        let target = BenchMemory.targetBytes(fileSize: memory.fileBytes)
        report("large_book_load_ms", "open a \(Int(megabytes.rounded())) MB book (read, parse, prepare)", memory.loadMilliseconds)
        results.append(("large_book_bytes", .int(memory.fileBytes)))
        results.append(("large_book_peak_rss_kb", .int(memory.peakKilobytes)))
        results.append(("large_book_peak_rss_target_kb", .int(target / 1024)))
        results.append(("large_book_peak_rss_within_target", .bool(memory.withinTarget)))
        let peak = Double(memory.peakKilobytes) / 1024
        let ratio = Double(memory.peakKilobytes * 1024) / Double(memory.fileBytes)
        lines.append("peak RSS opening it".padding(to: 58) + "\(Int(peak.rounded())) MB (\(formatMilliseconds(ratio)) x file size)")
        lines.append("target: under 3 x file size + 20 MB".padding(to: 58)
                     + "\(target / 1_048_576) MB: \(memory.withinTarget ? "met" : "NOT MET")")
    }
}
