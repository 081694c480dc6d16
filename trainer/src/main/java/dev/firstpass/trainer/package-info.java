/**
 * Training jobs that FirstPass watches and perturbs: DJL (PyTorch engine) runs that report every epoch
 * to Kafka, take perturbation commands at epoch boundaries, and resume from checkpoints.
 *
 * <p>Entry point: {@link dev.firstpass.trainer.run.TrainingJob}. Concepts by package:
 * {@code dataset} (Fashion-MNIST, CIFAR-10, generated data; never downloaded), {@code model}
 * (networks, seeded initialisation, engine settings), {@code optimize} (optimizers with exportable
 * state, learning-rate schedules), {@code perturb} (kicks applied in place), {@code publish} (the
 * event sink that never blocks training), {@code command} (reading, vetting and answering commands),
 * {@code checkpoint} (saving and resuming runs), {@code run} (the epoch loop, listeners, events).
 */
package dev.firstpass.trainer;
