from workers import Worker
import workers

crew = Worker("ada")
bound = crew.run
print(bound(2), workers.Worker.rest())
