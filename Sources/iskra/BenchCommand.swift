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

        func run() throws {
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
