import CPNG

/// PNG encoding and decoding through libpng.
public enum PNG {
    /// Encodes 8-bit RGBA pixels (`[height, width, 4]`, row-major, top row first) as a PNG file.
    ///
    /// Uses libpng's write struct with a write callback into memory.
    /// - Throws: `PlotError(.value)` when `rgba` does not hold `width × height × 4` bytes or a
    ///   dimension is not positive; `PlotError(.resource)` when libpng cannot be set up.
    public static func encode(rgba: [UInt8], width: Int, height: Int) throws -> [UInt8] {
        guard width > 0, height > 0, width <= 1 << 20, height <= 1 << 20 else {
            throw PlotError(.value, "PNG dimensions must be positive, got \(width)×\(height)")
        }
        guard rgba.count == width * height * 4 else {
            throw PlotError(.value, "PNG needs \(width * height * 4) RGBA bytes for \(width)×\(height), got \(rgba.count)")
        }
        // With valid dimensions and pixel layout (checked above), libpng's only failure left is
        // running out of memory, where its default handler aborts like any Swift allocation.
        var writer: OpaquePointer? = png_create_write_struct(PNG_LIBPNG_VER_STRING, nil, nil, nil)
        guard let png = writer else { throw PlotError(.resource, "libpng could not create a write structure") }
        var info = png_create_info_struct(png)
        defer { png_destroy_write_struct(&writer, &info) }
        guard info != nil else { throw PlotError(.resource, "libpng could not create an info structure") }

        let output = OutputBuffer()
        let context = Unmanaged.passUnretained(output).toOpaque()
        png_set_write_fn(png, context, { pngPointer, data, length in
            guard let pngPointer, let data, let io = png_get_io_ptr(pngPointer) else { return }
            let buffer = Unmanaged<OutputBuffer>.fromOpaque(io).takeUnretainedValue()
            buffer.bytes.append(contentsOf: UnsafeBufferPointer(start: data, count: length))
        }, { _ in })
        png_set_IHDR(png, info, png_uint_32(width), png_uint_32(height), 8, PNG_COLOR_TYPE_RGB_ALPHA,
                     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT)
        png_write_info(png, info)
        rgba.withUnsafeBufferPointer { pixels in
            guard let base = pixels.baseAddress else { return }
            for row in 0..<height {
                png_write_row(png, base + row * width * 4)
            }
        }
        png_write_end(png, nil)
        return output.bytes
    }

    /// An image decoded from a PNG: 8-bit RGBA, `[height, width, 4]` row-major.
    public struct Image: Equatable, Sendable {
        public var width: Int
        public var height: Int
        public var rgba: [UInt8]

        /// The RGBA value of pixel `(x, y)` (top-left origin), or `nil` outside the image.
        public func pixel(x: Int, y: Int) -> [UInt8]? {
            guard x >= 0, y >= 0, x < width, y < height else { return nil }
            let i = 4 * (y * width + x)
            return Array(rgba[i..<(i + 4)])
        }
    }

    /// Decodes any PNG libpng reads into 8-bit RGBA.
    ///
    /// Uses libpng's simplified reading API, which reports corrupt data as an error instead of
    /// jumping out of the caller.
    /// - Throws: `PlotError(.value)` with libpng's message when `data` is not a readable PNG.
    public static func decode(_ data: [UInt8]) throws -> Image {
        var image = png_image()
        image.version = png_uint_32(PNG_IMAGE_VERSION)
        let began = data.withUnsafeBytes { bytes in
            png_image_begin_read_from_memory(&image, bytes.baseAddress, bytes.count)
        }
        guard began != 0 else { throw PlotError(.value, "not a PNG: \(message(of: &image))") }
        image.format = png_uint_32(PNG_FORMAT_FLAG_COLOR | PNG_FORMAT_FLAG_ALPHA) // PNG_FORMAT_RGBA
        let width = Int(image.width), height = Int(image.height)
        var pixels = [UInt8](repeating: 0, count: width * height * 4)
        let finished = pixels.withUnsafeMutableBytes { buffer in
            png_image_finish_read(&image, nil, buffer.baseAddress, png_int_32(width * 4), nil)
        }
        guard finished != 0 else {
            let text = message(of: &image)
            png_image_free(&image)
            throw PlotError(.value, "corrupt PNG: \(text)")
        }
        return Image(width: width, height: height, rgba: pixels)
    }

    private static func message(of image: inout png_image) -> String {
        withUnsafeBytes(of: &image.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    private final class OutputBuffer {
        var bytes: [UInt8] = []
    }
}
