// Digests of everything derived from a book, so that a faster build can be checked to give
// the same results on a large book (`iskra bench --phases --digest`).

public enum ResultsDigest {
    struct FNV {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var count = 0
        mutating func addBytes<S: Sequence<UInt8>>(_ bytes: S) { for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 } }
        mutating func add(_ text: String) { addBytes(text.utf8); addBytes(CollectionOfOne(0)); count += 1 }
        mutating func add<T: BinaryInteger>(_ values: [T]) { for v in values { add(String(v)) } }
        var line: String { String(h, radix: 16) + " (\(count))" }
    }

    public static func lines(book: Book, index: SearchIndex?, catalog: SourceCatalog?, dates: BookDates?) -> [(String, String)] {
        var out: [(String, String)] = []
        var m = FNV()
        for mention in book.people.mentions { m.add("\(mention.unit) \(mention.offset) \(mention.length) \(mention.person)") }
        out.append(("mentions", m.line))
        if let index {
            var v = FNV(); v.addBytes(index.vocabulary); v.add(index.vocabularyStart); out.append(("vocabulary", v.line))
            var p = FNV(); p.addBytes(index.postings); p.add(index.postingStart); p.add(index.occurrenceStart); out.append(("postings", p.line))
            var f = FNV(); f.add(index.folds.values); out.append(("folds", f.line))
            var u = FNV(); u.add(index.unitByteStart); u.add(index.asciiUnits); u.add("\(index.scalarCheckpoints.sorted { $0.key < $1.key })")
            out.append(("unit layout", u.line))
        }
        if let catalog {
            var e = FNV(); for entry in catalog.entries { e.add("\(entry)") }; out.append(("catalog entries", e.line))
            var l = FNV(); for link in catalog.links { l.add("\(link)") }; out.append(("links", l.line))
            var h = FNV(); for i in catalog.entries.indices { h.add("\(String(describing: catalog.hindsight(ofSource: i)))") }
            out.append(("hindsights", h.line))
        }
        if let dates {
            var d = FNV(); for date in dates.dates { d.add("\(date)") }; out.append(("dates", d.line))
            var c = FNV(); c.add(dates.chronological); out.append(("chronological", c.line))
            var r = FNV(); for x in dates.rejected { r.add("\(x)") }; out.append(("rejected", r.line))
        }
        return out
    }
}
