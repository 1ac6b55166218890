package pk.gov.punjab.rabta.demo;

import java.util.List;
import java.util.Random;

/** Plausible Punjabi names and CNICs for demo accused; nobody real. */
final class DemoPeople {
    private static final List<String> MEN = List.of("Muhammad Asif", "Ali Raza", "Imran", "Usman", "Bilal", "Kashif",
            "Naveed", "Shahid", "Zahid", "Tariq", "Waqas", "Faisal", "Adnan", "Sajid", "Arshad", "Nadeem", "Rashid",
            "Zeeshan", "Hamza", "Qasim", "Shahbaz", "Irfan", "Asad", "Javed", "Khalid", "Akram", "Aslam", "Nasir",
            "Amjad", "Sohail", "Mohammad Ali", "Muhammad Imran", "Ghulam Abbas", "Mehboob", "Riaz");
    private static final List<String> WOMEN = List.of("Nasreen Bibi", "Shazia", "Parveen", "Rukhsana", "Sumaira",
            "Kausar", "Shabana", "Naseem Akhtar", "Fouzia", "Asma", "Samina", "Razia");
    private static final List<String> FAMILY = List.of("Khan", "Ahmed", "Hussain", "Iqbal", "Butt", "Malik", "Chaudhry",
            "Rana", "Gondal", "Bhatti", "Awan", "Jutt", "Arain", "Qureshi", "Shah", "Niazi", "Sheikh", "Mughal", "Rajput", "");
    private static final List<String> ELDERS = List.of("Muhammad Ramzan", "Ghulam Rasool", "Allah Ditta", "Muhammad Sadiq",
            "Abdul Ghafoor", "Noor Muhammad", "Ghulam Hussain", "Muhammad Bashir", "Manzoor Ahmed", "Abdul Rasheed",
            "Muhammad Yousaf", "Fazal Din", "Sher Muhammad", "Bashir Ahmed", "Muhammad Latif");

    private DemoPeople() {
    }

    record Person(String name, String relativeName, String relation, String gender, String cnic, int age) {
        boolean juvenile() {
            return age < 18;
        }
    }

    static Person next(Random random) {
        int roll = random.nextInt(100);
        String gender = roll < 94 ? "M" : roll < 99 ? "F" : "T";
        String family = FAMILY.get(random.nextInt(FAMILY.size()));
        String given = "F".equals(gender) ? WOMEN.get(random.nextInt(WOMEN.size())) : MEN.get(random.nextInt(MEN.size()));
        String name = (given + " " + family).trim();
        String relative = (ELDERS.get(random.nextInt(ELDERS.size())) + " " + family).trim();
        String relation = "F".equals(gender) ? (random.nextBoolean() ? "D/O" : "W/O") : "S/O";
        int age = random.nextInt(100) < 3 ? 14 + random.nextInt(4) : 18 + random.nextInt(45);
        return new Person(name, relative, relation, gender, cnic(random, gender), age);
    }

    /** Punjab CNICs start with 3; the last digit is odd for men and even for women. */
    static String cnic(Random random, String gender) {
        StringBuilder digits = new StringBuilder("3");
        for (int i = 0; i < 11; i++) {
            digits.append(random.nextInt(10));
        }
        int last = random.nextInt(5) * 2 + ("F".equals(gender) ? 0 : 1);
        digits.append(last);
        return digits.toString();
    }
}
