import java.awt.*;
import java.awt.geom.*;
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

/**
 * Draws the Baton icon (the same design as icons/baton.svg) at every size jpackage and the
 * window need. Run: java -Djava.awt.headless=true scripts/RenderIcons.java icons
 */
public class RenderIcons {
    public static void main(String[] args) throws Exception {
        File dir = new File(args.length > 0 ? args[0] : "icons");
        for (int size : new int[]{16, 32, 48, 64, 128, 256, 512}) {
            BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.scale(size / 512.0, size / 512.0);
            g.setColor(Color.decode("#1e3a8a"));
            g.fill(new RoundRectangle2D.Double(16, 16, 480, 480, 192, 192));
            g.setColor(Color.decode("#fbbf24"));
            g.fill(new RoundRectangle2D.Double(120, 236, 120, 44, 24, 24));
            g.setColor(Color.decode("#60a5fa"));
            g.fill(new RoundRectangle2D.Double(80, 300, 180, 44, 24, 24));
            g.setColor(Color.decode("#34d399"));
            g.fill(new RoundRectangle2D.Double(200, 364, 230, 44, 24, 24));
            g.setColor(Color.decode("#f8fafc"));
            g.setStroke(new BasicStroke(22, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(new Line2D.Double(150, 190, 420, 90));
            g.fill(new Ellipse2D.Double(110, 164, 60, 60));
            g.dispose();
            ImageIO.write(img, "png", new File(dir, "baton-" + size + ".png"));
        }
    }
}
