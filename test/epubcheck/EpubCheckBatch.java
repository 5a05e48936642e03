import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.util.DefaultReportImpl;
import java.io.File;

// Runs Debian's epubcheck on several EPUB files in one JVM (its command line takes one file per run, and the JVM
// start costs more than most checks). Messages go to the console as usual; after each file a line
// "RESULT<TAB>path<TAB>fatal<TAB>errors<TAB>warnings" gives the counts the tests assert on.
public class EpubCheckBatch {
  public static void main(String[] args) {
    for (String path : args) {
      DefaultReportImpl report = new DefaultReportImpl(path);
      new EpubCheck(new File(path), report).doValidate();
      System.out.println("RESULT\t" + path + "\t" + report.getFatalErrorCount() + "\t" + report.getErrorCount() + "\t" + report.getWarningCount());
    }
  }
}
