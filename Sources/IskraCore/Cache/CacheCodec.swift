#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The byte format of derived structures kept in the cache (people, catalog, dates): values
// appended little-endian one after another, no padding, no field names. The reading side
// trusts nothing: a section's checksum catches accidental damage, but a decoder must also
// survive bytes that pass it (a bug in an older writer, a file planted in the cache), so
// every read is bounds-checked, every count is weighed against the bytes left before
// anything is allocated, and the first bad value puts the decoder in a failed state.
//
//   Int                 8 bytes (Int64); a value that does not fit Int is refused
//   Int8...UInt64       their own width
//   Double              its IEEE 754 bit pattern (UInt64)
//   Bool                one byte, 0 or 1 (any other byte is refused)
//   String              UInt32 byte length, then UTF-8 (invalid UTF-8 is refused)
//   count               UInt32
//   Optional            one byte (0 absent, 1 present), then the value if present
//   Array               count, then the elements
//   [Int32], [UInt32]   count, then the elements in one block
//   Range<Int>          lower and upper bound as Int; refused when negative or reversed

/// Appends values in the cache's byte format.
struct CacheEncoder {
    private(set) var bytes: [UInt8] = []

    init(reservingCapacity capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// As Int64, so the format does not depend on the platform's word size.
    mutating func append(_ value: Int) { append(Int64(value)) }

    mutating func append(_ value: Double) { append(value.bitPattern) }

    mutating func append(_ value: Bool) { append(UInt8(value ? 1 : 0)) }

    mutating func append(_ value: String) {
        var text = value
        text.withUTF8 { utf8 in
            appendCount(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    /// A count or length. Nothing a book holds comes near 2^32 elements (a book is at most a
    /// few hundred megabytes), so a larger one is a bug in the caller.
    mutating func appendCount(_ count: Int) {
        guard let value = UInt32(exactly: count) else { preconditionFailure("cache count \(count) does not fit 32 bits") }
        append(value)
    }

    mutating func append(_ range: Range<Int>) {
        append(range.lowerBound)
        append(range.upperBound)
    }

    mutating func appendOptional<T>(_ value: T?, _ write: (inout CacheEncoder, T) -> Void) {
        if let value {
            append(true)
            write(&self, value)
        } else {
            append(false)
        }
    }

    mutating func appendArray<T>(_ values: [T], _ write: (inout CacheEncoder, T) -> Void) {
        appendCount(values.count)
        for value in values { write(&self, value) }
    }

    mutating func append(_ values: [Int32]) { appendBlock(values) }
    mutating func append(_ values: [UInt32]) { appendBlock(values) }

    /// The count, then the elements copied in one go (swapped first on a big-endian machine).
    private mutating func appendBlock<T: FixedWidthInteger>(_ values: [T]) {
        appendCount(values.count)
        if 1.littleEndian == 1 {
            values.withUnsafeBytes { bytes.append(contentsOf: $0) }
        } else {
            values.map(\.littleEndian).withUnsafeBytes { bytes.append(contentsOf: $0) }
        }
    }
}

/// Reads values in the cache's byte format from bytes it does not trust. Every read returns
/// nil when the bytes cannot hold what is asked for; after the first such read the decoder
/// stays failed and every later read returns nil too, so a caller can read a whole record and
/// check once.
struct CacheDecoder {
    private let bytes: UnsafeRawBufferPointer
    private(set) var position = 0
    private(set) var failed = false

    init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    var remaining: Int { failed ? 0 : bytes.count - position }

    /// Whether every byte was read and nothing failed: a record with bytes left over is not
    /// the record that was written.
    var isCompleteAndValid: Bool { !failed && position == bytes.count }

    /// Marks the bytes as unusable (for checks the caller makes on values read); returns nil
    /// so that `return decoder.fail()` reads naturally in a failable decoder.
    @discardableResult
    mutating func fail<T>(_: T.Type = T.self) -> T? {
        failed = true
        return nil
    }

    /// The next `count` bytes, or nil when fewer are left.
    mutating func rawBytes(_ count: Int) -> UnsafeRawBufferPointer? {
        guard !failed, count >= 0, count <= bytes.count - position else { return fail() }
        defer { position += count }
        // An empty buffer has no base address; only an empty read can get here with one.
        return UnsafeRawBufferPointer(start: bytes.baseAddress.map { $0 + position }, count: count)
    }

    mutating func integer<T: FixedWidthInteger>(_: T.Type) -> T? {
        guard let raw = rawBytes(MemoryLayout<T>.size) else { return nil }
        return T(littleEndian: raw.loadUnaligned(as: T.self))
    }

    mutating func int() -> Int? {
        guard let value = integer(Int64.self) else { return nil }
        guard let fitting = Int(exactly: value) else { return fail() }
        return fitting
    }

    /// An Int in `allowed`: indices, offsets and counts are checked where they are read.
    mutating func int(in allowed: Range<Int>) -> Int? {
        guard let value = int() else { return nil }
        guard allowed.contains(value) else { return fail() }
        return value
    }

    mutating func double() -> Double? {
        integer(UInt64.self).map(Double.init(bitPattern:))
    }

    mutating func bool() -> Bool? {
        switch integer(UInt8.self) {
        case 0?: return false
        case 1?: return true
        case nil: return nil
        default: return fail()
        }
    }

    mutating func string() -> String? {
        guard let length = count(elementSize: 1), let raw = rawBytes(length) else { return nil }
        guard length > 0, let base = raw.baseAddress else { return "" }
        // Bytes of any kind may be read as UInt8.
        let utf8 = UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: length)
        // `String(validating:as:)` is not specialized: it looks up generic metadata on every
        // call, which was a third of decoding the dates. `String(decoding:)` is, and repairs
        // instead of refusing; a repair puts U+FFFD where the bytes were not UTF-8, so the
        // text's bytes differ from the input exactly when the input was not UTF-8.
        var text = String(decoding: utf8, as: UTF8.self)
        let unchanged = text.withUTF8 { decoded in
            decoded.count == length && memcmp(decoded.baseAddress!, base, length) == 0
        }
        guard unchanged else { return fail() }
        return text
    }

    /// A count of elements each taking at least `elementSize` bytes, refused when the bytes
    /// left could not hold them: what a hostile count can make a caller allocate is bounded by
    /// the bytes actually there.
    mutating func count(elementSize: Int) -> Int? {
        guard let value = integer(UInt32.self) else { return nil }
        let count = Int(value)
        guard count <= remaining / max(elementSize, 1) else { return fail() }
        return count
    }

    /// A range of non-negative Ints, lower bound first.
    mutating func range() -> Range<Int>? {
        guard let lower = int(), let upper = int() else { return nil }
        guard lower >= 0, lower <= upper else { return fail() }
        return lower..<upper
    }

    /// An optional value: nil on failure, `.some(nil)` when absent.
    mutating func optional<T>(_ read: (inout CacheDecoder) -> T?) -> T?? {
        guard let present = bool() else { return nil }
        guard present else { return .some(nil) }
        guard let value = read(&self) else { return fail() }
        return .some(value)
    }

    /// An array whose elements each take at least `elementSize` bytes (a bound on what a
    /// hostile count can reserve; it need not be exact).
    mutating func array<T>(elementSize: Int, _ read: (inout CacheDecoder) -> T?) -> [T]? {
        guard let count = count(elementSize: elementSize) else { return nil }
        var values: [T] = []
        values.reserveCapacity(count)
        for _ in 0..<count {
            guard let value = read(&self) else { return fail() }
            values.append(value)
        }
        return values
    }

    /// An [Int32] or [UInt32] as `CacheEncoder.append(_:)` writes it: its count, then the
    /// elements copied in one go.
    mutating func int32Array() -> [Int32]? { count(elementSize: 4).flatMap { block(count: $0) } }
    mutating func uint32Array() -> [UInt32]? { count(elementSize: 4).flatMap { block(count: $0) } }

    private mutating func block<T: FixedWidthInteger>(count: Int) -> [T]? {
        let size = MemoryLayout<T>.size
        guard count >= 0, count <= remaining / size, let raw = rawBytes(count * size) else { return fail() }
        guard count > 0, let source = raw.baseAddress else { return [] }
        let values = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            // memcpy: the source need not be aligned for T.
            UnsafeMutableRawPointer(buffer.baseAddress!).copyMemory(from: source, byteCount: count * size)
            initialized = count
        }
        return 1.littleEndian == 1 ? values : values.map { T(littleEndian: $0) }
    }
}

/// An enum stored as one byte. Each conformance maps its cases both ways by hand (a switch,
/// so a new case is a compile error in `cacheCode`, not a silently wrong byte).
protocol CacheCodedEnum: CaseIterable, Equatable {}

extension CacheCodedEnum {
    /// The case's place in `allCases`. Adding or moving a case changes it, but the cache key
    /// holds the executable's build, so a file written by another build is never read.
    var cacheCode: UInt8 { UInt8(Self.allCases.firstIndex(of: self).map { Self.allCases.distance(from: Self.allCases.startIndex, to: $0) } ?? 0) }

    init?(cacheCode: UInt8) {
        let cases = Array(Self.allCases)
        guard Int(cacheCode) < cases.count else { return nil }
        self = cases[Int(cacheCode)]
    }
}

extension CacheEncoder {
    mutating func append<E: CacheCodedEnum>(_ value: E) { append(value.cacheCode) }
}

extension CacheDecoder {
    mutating func enumCase<E: CacheCodedEnum>(_: E.Type) -> E? {
        guard let code = integer(UInt8.self) else { return nil }
        guard let value = E(cacheCode: code) else { return fail() }
        return value
    }
}

// MARK: Values shared by several structures

extension CacheEncoder {
    mutating func append(_ key: DateKey) {
        append(key.year)
        appendOptional(key.month) { $0.append(UInt8(clamping: $1)) }
        appendOptional(key.day) { $0.append(UInt8(clamping: $1)) }
    }

    mutating func append(_ date: StatedDate) {
        append(date.key)
        append(date.text)
        append(date.range)
    }

    mutating func append(_ container: Container) {
        switch container {
        case .front: append(UInt8(0))
        case .chapter(let index): append(UInt8(1)); append(index)
        case .sourcesIntro: append(UInt8(2))
        case .source(let index): append(UInt8(3)); append(index)
        }
    }
}

extension CacheDecoder {
    /// Years as a text can state them (four digits); a month 1-12 and a day 1-31 (`DateKey`'s
    /// display indexes month names by the month, and its arithmetic must not overflow).
    mutating func dateKey() -> DateKey? {
        guard let year = int(in: 0..<10_000),
              let month = optional({ $0.integer(UInt8.self) }), let day = optional({ $0.integer(UInt8.self) }) else { return nil }
        if let month, !(1...12).contains(month) { return fail() }
        if let day, !(1...31).contains(day) { return fail() }
        return DateKey(year: year, month: month.map(Int.init), day: day.map(Int.init))
    }

    mutating func statedDate() -> StatedDate? {
        guard let key = dateKey(), let text = string(), let range = range() else { return nil }
        return StatedDate(key: key, text: text, range: range)
    }

    /// A container whose chapter or source index is below `chapters` or `sources`.
    mutating func container(chapters: Int, sources: Int) -> Container? {
        switch integer(UInt8.self) {
        case 0?: return .front
        case 1?: return int(in: 0..<chapters).map(Container.chapter)
        case 2?: return .sourcesIntro
        case 3?: return int(in: 0..<sources).map(Container.source)
        case nil: return nil
        default: return fail()
        }
    }
}

/// The smallest encodings, for `CacheDecoder.count(elementSize:)`.
enum CacheSize {
    static let int = 8
    static let string = 4
    static let optional = 1
    static let range = 16
    /// Year and two absent optionals.
    static let dateKey = int + 2 * optional
    static let statedDate = dateKey + string + range
}
