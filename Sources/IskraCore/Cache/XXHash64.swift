// XXH64 (Yann Collet's xxHash, 64-bit), the hash the cache uses for book contents and for
// its own checksums: eight bytes a step in four independent lanes, several times faster than
// the byte-at-a-time FNV-1a that names state files (kept there: changing it would orphan
// existing state). Not cryptographic, and it need not be: it detects changes and damage,
// it does not resist forgery.

public enum XXHash64 {
    static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    static let prime3: UInt64 = 0x1656_67B1_9E37_79F9
    static let prime4: UInt64 = 0x85EB_CA77_C2B2_AE63
    static let prime5: UInt64 = 0x27D4_EB2F_1656_67C5

    @inline(__always)
    private static func round(_ accumulator: UInt64, _ input: UInt64) -> UInt64 {
        var value = accumulator &+ input &* prime2
        value = (value << 31) | (value >> 33)
        return value &* prime1
    }

    @inline(__always)
    private static func merge(_ accumulator: UInt64, _ lane: UInt64) -> UInt64 {
        (accumulator ^ round(0, lane)) &* prime1 &+ prime4
    }

    public static func hash(_ bytes: [UInt8], seed: UInt64 = 0) -> UInt64 {
        bytes.withUnsafeBytes { hash($0, seed: seed) }
    }

    public static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        let count = bytes.count
        guard let base = bytes.baseAddress, count > 0 else { return finish(seed &+ prime5, length: 0, tail: bytes) }
        var offset = 0
        var accumulator: UInt64
        if count >= 32 {
            var lane1 = seed &+ prime1 &+ prime2, lane2 = seed &+ prime2
            var lane3 = seed, lane4 = seed &- prime1
            let limit = count - 32
            while offset <= limit {
                lane1 = round(lane1, UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
                lane2 = round(lane2, UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)))
                lane3 = round(lane3, UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self)))
                lane4 = round(lane4, UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self)))
                offset += 32
            }
            accumulator = ((lane1 << 1) | (lane1 >> 63)) &+ ((lane2 << 7) | (lane2 >> 57))
                &+ ((lane3 << 12) | (lane3 >> 52)) &+ ((lane4 << 18) | (lane4 >> 46))
            accumulator = merge(accumulator, lane1)
            accumulator = merge(accumulator, lane2)
            accumulator = merge(accumulator, lane3)
            accumulator = merge(accumulator, lane4)
        } else {
            accumulator = seed &+ prime5
        }
        return finish(accumulator, length: count, tail: UnsafeRawBufferPointer(rebasing: bytes[offset...]))
    }

    /// The bytes after the last whole 32-byte stripe, then the avalanche.
    private static func finish(_ accumulator: UInt64, length: Int, tail: UnsafeRawBufferPointer) -> UInt64 {
        var hash = accumulator &+ UInt64(length)
        var offset = 0
        let count = tail.count
        if let base = tail.baseAddress {
            while offset + 8 <= count {
                let lane = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                hash ^= round(0, lane)
                hash = ((hash << 27) | (hash >> 37)) &* prime1 &+ prime4
                offset += 8
            }
            if offset + 4 <= count {
                let lane = UInt64(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
                hash ^= lane &* prime1
                hash = ((hash << 23) | (hash >> 41)) &* prime2 &+ prime3
                offset += 4
            }
            while offset < count {
                hash ^= UInt64(base.load(fromByteOffset: offset, as: UInt8.self)) &* prime5
                hash = ((hash << 11) | (hash >> 53)) &* prime1
                offset += 1
            }
        }
        hash ^= hash >> 33
        hash = hash &* prime2
        hash ^= hash >> 29
        hash = hash &* prime3
        hash ^= hash >> 32
        return hash
    }
}

/// The hash that identifies a book's content in the cache: XXH64 of each 4 MiB block, then
/// XXH64 of the blocks' hashes and the length. Blocks let the file be hashed as it is read,
/// without holding it whole, and could be hashed on several cores.
public struct ContentHasher {
    public static let blockSize = 4 << 20
    private var blockHashes: [UInt64] = []
    private var pending: [UInt8] = []
    private var length = 0

    public init() {}

    public mutating func add(_ bytes: UnsafeRawBufferPointer) {
        length += bytes.count
        var rest = bytes[...]
        if !pending.isEmpty {
            let take = min(ContentHasher.blockSize - pending.count, rest.count)
            pending += rest.prefix(take)
            rest = rest.dropFirst(take)
            if pending.count == ContentHasher.blockSize {
                blockHashes.append(XXHash64.hash(pending))
                pending.removeAll(keepingCapacity: true)
            }
        }
        while rest.count >= ContentHasher.blockSize {
            let block = UnsafeRawBufferPointer(rebasing: rest.prefix(ContentHasher.blockSize))
            blockHashes.append(XXHash64.hash(block))
            rest = rest.dropFirst(ContentHasher.blockSize)
        }
        if !rest.isEmpty { pending += rest }
    }

    public mutating func add(_ bytes: [UInt8]) { bytes.withUnsafeBytes { add($0) } }

    public func finish() -> UInt64 {
        var hashes = blockHashes
        if !pending.isEmpty { hashes.append(XXHash64.hash(pending)) }
        hashes.append(UInt64(length))
        return hashes.withUnsafeBytes { XXHash64.hash($0) }
    }

    public static func hash(_ bytes: [UInt8]) -> UInt64 {
        var hasher = ContentHasher()
        hasher.add(bytes)
        return hasher.finish()
    }
}
