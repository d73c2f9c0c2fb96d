package org.gotham.bench;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** A PNG of a picture with few colors (charts), small enough to commit: 8-bit palette, highest deflate level. */
final class PalettePng {

    private PalettePng() {}

    /**
     * A PNG of at most 256 colors at the highest deflate level: the picture is committed, so every kilobyte counts.
     * The palette is the picture's 256 most frequent colors (backgrounds, the series' colors, text and the most common
     * shades of their anti-aliased edges); every other pixel takes the nearest of them.
     */
    static void write(BufferedImage rgb, Path png) throws IOException {
        BufferedImage image = indexed(rgb);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        if (param.canWriteCompressed()) {
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0f);
        }
        Files.deleteIfExists(png);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(png.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
    }

    private static BufferedImage indexed(BufferedImage rgb) {
        int width = rgb.getWidth();
        int height = rgb.getHeight();
        int[] pixels = rgb.getRGB(0, 0, width, height, null, 0, width);
        Map<Integer, Integer> frequency = new HashMap<>();
        for (int pixel : pixels) {
            frequency.merge(pixel & 0xFFFFFF, 1, Integer::sum);
        }
        int[] palette = frequency.entrySet().stream()
                .sorted(Map.Entry.<Integer, Integer>comparingByValue().reversed())
                .limit(256)
                .mapToInt(Map.Entry::getKey)
                .toArray();
        byte[] r = new byte[palette.length];
        byte[] gr = new byte[palette.length];
        byte[] b = new byte[palette.length];
        for (int i = 0; i < palette.length; i++) {
            r[i] = (byte) (palette[i] >> 16);
            gr[i] = (byte) (palette[i] >> 8);
            b[i] = (byte) palette[i];
        }
        IndexColorModel model = new IndexColorModel(8, palette.length, r, gr, b);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_INDEXED, model);
        byte[] out = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        Map<Integer, Byte> nearest = new HashMap<>();
        for (int i = 0; i < pixels.length; i++) {
            out[i] = nearest.computeIfAbsent(pixels[i] & 0xFFFFFF, color -> nearest(palette, color));
        }
        return image;
    }

    private static byte nearest(int[] palette, int color) {
        int best = 0;
        long bestDistance = Long.MAX_VALUE;
        for (int i = 0; i < palette.length; i++) {
            int dr = ((palette[i] >> 16) & 0xFF) - ((color >> 16) & 0xFF);
            int dg = ((palette[i] >> 8) & 0xFF) - ((color >> 8) & 0xFF);
            int db = (palette[i] & 0xFF) - (color & 0xFF);
            long distance = 3L * dr * dr + 4L * dg * dg + 2L * db * db;
            if (distance < bestDistance) {
                best = i;
                bestDistance = distance;
            }
        }
        return (byte) best;
    }
}
