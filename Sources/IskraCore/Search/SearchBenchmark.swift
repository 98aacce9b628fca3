// Per-keystroke search latency, for `iskra bench`. Library code never prints: it returns numbers.

public enum SearchBenchmark {
    /// Queries typed one keystroke at a time: every prefix of each is searched.
    public static let defaultQueries = [
        "kronstadt", "trotsky", "lenin stalin", "\"permanent revolution\"", "t", "a", "in:sources trial",
        "Trotsky's", "emigre", "-", "lenin -stalin",
    ]

    /// Hits per keystroke for which snippets are made, as a results list would show them.
    public static let visibleHits = 30

    public struct Report: Sendable {
        /// Time to build the index (including `makeUnits()`).
        public var build: Duration
        /// Keystroke queries measured (each prefix of each query, times `rounds`).
        public var samples: Int
        public var p50: Duration
        public var p99: Duration
        public var max: Duration
        /// Percentiles over keystrokes of each keystroke's fastest round: the computation
        /// itself, without the scheduler noise of a busy machine (equal to the above when
        /// `rounds` is 1).
        public var bestOfRoundsP50: Duration
        public var bestOfRoundsP99: Duration
        public var units: Int
        public var words: Int
        public var vocabulary: Int
        /// Bytes of text indexed.
        public var textBytes: Int
        /// The slowest keystroke queries, slowest first.
        public var slowest: [(query: String, time: Duration)]
    }

    /// Every prefix of each query, in typing order (`k`, `kr`, `kro`, ...).
    public static func keystrokes(_ queries: [String]) -> [String] {
        queries.flatMap { query -> [String] in
            var typed = ""
            return query.map { character -> String in
                typed.append(character)
                return typed
            }
        }
    }

    /// Builds the index for `document`, then measures one search per keystroke: parse the query,
    /// find and count every hit, group them, make the summary and the first `visibleHits`
    /// snippets (80 scalars wide).
    public static func run(document: Document, queries: [String] = defaultQueries, rounds: Int = 3) -> Report {
        let clock = ContinuousClock()
        var index: SearchIndex!
        let build = clock.measure { index = SearchIndex(document: document) }
        let typed = keystrokes(queries)
        var samples: [Duration] = []
        var worst: [String: Duration] = [:]
        var best = [Duration](repeating: .seconds(1_000_000), count: typed.count)
        samples.reserveCapacity(typed.count * rounds)
        var sink = 0
        for _ in 0 ..< rounds {
            for (q, query) in typed.enumerated() {
                let elapsed = clock.measure {
                    let results = index.search(query)
                    sink &+= results.count &+ results.groups.count &+ results.summary.utf8.count
                    for i in 0 ..< min(visibleHits, results.count) {
                        sink &+= index.snippet(for: results[i], width: 80).match.utf8.count
                    }
                }
                samples.append(elapsed)
                worst[query] = Swift.max(worst[query] ?? .zero, elapsed)
                best[q] = Swift.min(best[q], elapsed)
            }
        }
        samples.sort()
        best.sort()
        func percentile(_ p: Double, _ samples: [Duration]) -> Duration {
            samples.isEmpty ? .zero : samples[Swift.min(samples.count - 1, Int(Double(samples.count) * p))]
        }
        precondition(sink != Int.min)
        return Report(build: build, samples: samples.count, p50: percentile(0.50, samples), p99: percentile(0.99, samples),
                      max: samples.last ?? .zero, bestOfRoundsP50: percentile(0.50, best),
                      bestOfRoundsP99: percentile(0.99, best), units: index.units.count, words: index.wordCount,
                      vocabulary: index.vocabularyCount, textBytes: index.textBytes,
                      slowest: Array(worst.sorted { $0.value > $1.value }.prefix(5).map { ($0.key, $0.value) }))
    }

    /// A large synthetic book: `copies` copies of the document's chapters and sources, one after
    /// another, with chapter and source indices and line numbers shifted so every copy is
    /// addressed distinctly (100 copies of the bundled book: about 18.5 MB of text).
    public static func syntheticCorpus(from document: Document, copies: Int = 100) -> Document {
        var chapters: [Chapter] = []
        var sources: [Source] = []
        func shift(_ paragraph: Paragraph, _ lines: Int) -> Paragraph {
            var p = paragraph
            p.line += lines
            p.endLine += lines
            for i in p.segments.indices { p.segments[i].line += lines }
            return p
        }
        for copy in 0 ..< max(1, copies) {
            let lines = copy * document.lineCount
            for chapter in document.chapters {
                var c = chapter
                c.index = chapters.count
                c.heading?.line += lines
                if let titleLines = c.heading?.titleLines {
                    c.heading?.titleLines = titleLines.map { var t = $0; t.line += lines; return t }
                }
                c.blocks = chapter.blocks.map { block in
                    switch block {
                    case .paragraph(let p): return .paragraph(shift(p, lines))
                    case .figure(var f):
                        f.line += lines
                        f.endLine += lines
                        f.chapter = c.index
                        f.altText = shift(f.altText, lines)
                        f.caption = f.caption.map { shift($0, lines) }
                        return .figure(f)
                    }
                }
                chapters.append(c)
            }
            for source in document.sources {
                var s = source
                s.number = sources.count + 1
                s.line += lines
                s.paragraphs = source.paragraphs.map { shift($0, lines) }
                sources.append(s)
            }
        }
        var result = document
        result.path = document.path + " (x\(copies))"
        result.lineCount = document.lineCount * max(1, copies)
        result.chapters = chapters
        result.sources = sources
        return result
    }
}
